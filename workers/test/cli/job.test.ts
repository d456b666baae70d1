// `job create|show` against a real localnet.
import { Keypair, PublicKey } from "@solana/web3.js";
import { claimJob, fetchJob, registerWorker, workerPda } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { SOL, clientFor, fundedKeypair } from "../../../tests/fixtures/chain.js";
import { useProtocol } from "../../../tests/fixtures/protocol.js";
import { cli, errorName, keypairFile } from "./cli-harness.js";

describe("operator CLI: job", () => {
  const protocol = useProtocol();

  it("creates a job escrowing the price and shows it open, then claimed", async () => {
    const p = protocol.current;
    const keypair = await fundedKeypair({ connection: p.connection, sol: 2 });
    const kp = keypairFile({ keypair });
    const created = await cli({ url: p.net.url, keypair: kp, argv: ["job", "create", "--prompt", "a fox", "--price", "0.25", "--seed", "7", "--json"] });
    expect(created.code, created.err).toBe(0);
    const { job, modelId } = created.json<{ job: string; modelId: string }>();
    expect(modelId).toBe("atelier/tiny-sd"); // the default model directory's id
    const account = await fetchJob({ client: clientFor({ connection: p.connection, keypair }), job: new PublicKey(job) });
    expect(account?.payment.toString()).toBe(String(0.25 * SOL));
    expect(account?.prompt).toBe("a fox");
    expect(account?.params.seed.toString()).toBe("7");

    const shown = await cli({ url: p.net.url, keypair: kp, argv: ["job", "show", job, "--json"] });
    expect(shown.code, shown.err).toBe(0);
    expect(shown.json()).toMatchObject({ job, status: "open", worker: null, paymentLamports: String(0.25 * SOL), prompt: "a fox" });

    const worker = await fundedKeypair({ connection: p.connection, sol: 5 });
    const wc = clientFor({ connection: p.connection, keypair: worker });
    await registerWorker({ client: wc, stake: 2 * SOL });
    await claimJob({ client: wc, job: new PublicKey(job) });
    const claimed = await cli({ url: p.net.url, keypair: kp, argv: ["job", "show", job] });
    expect(claimed.out).toMatch(/^status\s+claimed$/m);
    expect(claimed.out).toMatch(new RegExp(`^worker\\s+${workerPda({ authority: worker.publicKey, programId: wc.programId }).address.toBase58()}$`, "m"));
  });

  it("refuses a price the wallet cannot pay, sending nothing", async () => {
    const p = protocol.current;
    const keypair = await fundedKeypair({ connection: p.connection, sol: 0.5 });
    const before = await p.connection.getBalance(keypair.publicKey);
    const run = await cli({ url: p.net.url, keypair: keypairFile({ keypair }), argv: ["job", "create", "--prompt", "x", "--price", "3"] });
    expect([run.code, errorName({ run })]).toEqual([1, "InsufficientBalance"]);
    expect(await p.connection.getBalance(keypair.publicKey)).toBe(before);
  });

  it("maps program errors to their names: a prompt over 512 bytes, a size the program refuses", async () => {
    const p = protocol.current;
    const kp = keypairFile({ keypair: await fundedKeypair({ connection: p.connection, sol: 2 }) });
    const long = await cli({ url: p.net.url, keypair: kp, argv: ["job", "create", "--prompt", "y".repeat(600), "--price", "0.1"] });
    expect([long.code, errorName({ run: long })]).toEqual([1, "PromptTooLong"]);
    const odd = await cli({ url: p.net.url, keypair: kp, argv: ["job", "create", "--prompt", "z", "--price", "0.1", "--size", "100"] });
    expect([odd.code, errorName({ run: odd })]).toEqual([1, "InvalidImageSize"]);
  });

  it("says a job that does not exist (or closed) is not found; bad arguments exit 2", async () => {
    const p = protocol.current;
    const kp = keypairFile({ keypair: await fundedKeypair({ connection: p.connection, sol: 1 }) });
    const none = await cli({ url: p.net.url, keypair: kp, argv: ["job", "show", Keypair.generate().publicKey.toBase58()] });
    expect([none.code, errorName({ run: none })]).toEqual([1, "JobNotFound"]);
    for (const argv of [
      ["job", "show"],
      ["job", "show", "not-a-key"],
      ["job", "create", "--price", "1"],
      ["job", "create", "--prompt", "x"],
      ["job", "create", "--prompt", "x", "--price", "-1"],
      ["job", "create", "--prompt", "x", "--price", "1", "--steps", "many"],
    ]) {
      const run = await cli({ url: p.net.url, keypair: kp, argv });
      expect(run.code, argv.join(" ")).toBe(2);
      expect(run.err).toContain("usage: atelier-worker");
    }
  });
});
