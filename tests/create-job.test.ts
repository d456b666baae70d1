import { createHash } from "node:crypto";
import { chainTime, createJob, fetchJob, findJobs, jobPda, jobStatus } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { SOL, balances, feeOf, newActor, rentOf } from "./fixtures/chain.js";
import { expectAtelierError, expectNamedError } from "./fixtures/errors.js";
import { DEFAULT_PARAMS, GENERATION, useProtocol } from "./fixtures/protocol.js";
import { JOB_BYTES } from "./fixtures/sizes.js";

describe("create_job", () => {
  const protocol = useProtocol();

  it("escrows the payment and the mint deposit above rent at the job PDA, with the prompt's sha256", async () => {
    const p = protocol.current;
    const client = await newActor({ connection: p.connection, sol: 5 });
    const prompt = "a red fox in the snow, woodblock print";
    const deadline = (await chainTime({ client: client.client })) + 3600;
    const [before] = await balances({ connection: p.connection, keys: [client.keypair.publicKey] });
    const { job, signature } = await createJob({
      client: client.client,
      jobId: 7n,
      modelId: "sd-turbo",
      prompt: { text: prompt },
      params: GENERATION,
      payment: SOL,
      deadline,
    });
    expect(job).toEqual(jobPda({ client: client.keypair.publicKey, jobId: 7 }).address);
    const account = await fetchJob({ client: client.client, job });
    expect(account && jobStatus({ job: account })).toBe("open");
    expect(account).toMatchObject({ prompt, modelId: "sd-turbo", promptUri: "" });
    expect(Buffer.from(account?.promptHash ?? [])).toEqual(createHash("sha256").update(prompt).digest());
    expect(account?.payment.toString()).toBe(String(SOL));
    expect(account?.deadline.toNumber()).toBe(deadline);
    const rent = await rentOf({ connection: p.connection, bytes: JOB_BYTES });
    const [after, held] = await balances({ connection: p.connection, keys: [client.keypair.publicKey, job] });
    const deposit = Number(DEFAULT_PARAMS.mintDeposit);
    expect(account?.mintDeposit.toNumber()).toBe(deposit);
    expect(held).toBe(rent + SOL + deposit);
    expect(before! - after!).toBe(rent + SOL + deposit + (await feeOf({ connection: p.connection, signature })));
    const open = await findJobs({ client: client.client, status: "open", owner: client.keypair.publicKey });
    expect(open.map((j) => j.publicKey.toBase58())).toEqual([job.toBase58()]);
    expect(await findJobs({ client: client.client, status: "claimed", owner: client.keypair.publicKey })).toEqual([]);
  });

  it("accepts an off-chain prompt as hash + URI", async () => {
    const p = protocol.current;
    const client = await newActor({ connection: p.connection, sol: 5 });
    const hash = createHash("sha256").update("long prompt").digest();
    const { job } = await createJob({
      client: client.client,
      jobId: 1,
      modelId: "sd-turbo",
      prompt: { hash, uri: "ar://prompt" },
      params: GENERATION,
      payment: SOL / 10,
      deadline: (await chainTime({ client: client.client })) + 3600,
    });
    const account = await fetchJob({ client: client.client, job });
    expect(account).toMatchObject({ prompt: "", promptUri: "ar://prompt" });
    expect(Buffer.from(account?.promptHash ?? [])).toEqual(hash);
  });

  it("refuses bad input by name and a replayed job id", async () => {
    const p = protocol.current;
    const client = await newActor({ connection: p.connection, sol: 5 });
    const now = await chainTime({ client: client.client });
    const base = {
      client: client.client,
      jobId: 99,
      modelId: "sd-turbo",
      prompt: { text: "a cat" },
      params: GENERATION,
      payment: SOL / 10,
      deadline: now + 3600,
    };
    const cases = [
      [{ prompt: { text: "   " } }, "EmptyPrompt"],
      [{ prompt: { text: "x".repeat(513) } }, "PromptTooLong"],
      [{ prompt: { hash: new Uint8Array(32), uri: "ar://p" } }, "InvalidPromptHash"],
      [{ modelId: "" }, "InvalidModelId"],
      [{ params: { ...GENERATION, steps: 0 } }, "InvalidSteps"],
      [{ params: { ...GENERATION, width: 500 } }, "InvalidImageSize"],
      [{ params: { ...GENERATION, guidanceX100: 3001 } }, "InvalidGuidance"],
      [{ payment: 0 }, "ZeroPayment"],
      [{ deadline: now - 1 }, "DeadlineInPast"],
    ] as const;
    for (const [change, name] of cases) await expectAtelierError({ call: createJob({ ...base, ...change }), name });
    await createJob(base);
    // Reusing the job id hits the existing job.
    await expectNamedError({ call: createJob({ ...base, payment: SOL }), name: "AccountAlreadyInUse" });
  });
});
