import { TransactionMessage, VersionedTransaction } from "@solana/web3.js";
import { cancelJobIx, fetchJob, toAtelierError, waitForSignature } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { balances } from "./fixtures/chain.js";
import { openJob, useProtocol } from "./fixtures/protocol.js";

describe("replayed transactions", () => {
  const protocol = useProtocol();

  it("a byte-identical transaction is refused as AlreadyProcessed and moves nothing", async () => {
    const p = protocol.current;
    const open = await openJob({ p });
    const { blockhash } = await p.connection.getLatestBlockhash();
    const message = new TransactionMessage({
      payerKey: open.client.keypair.publicKey,
      recentBlockhash: blockhash,
      instructions: [await cancelJobIx({ client: open.client.client, job: open.job })],
    }).compileToLegacyMessage();
    const tx = new VersionedTransaction(message);
    tx.sign([open.client.keypair]);
    const raw = tx.serialize();

    const signature = await p.connection.sendRawTransaction(raw);
    await waitForSignature({ connection: p.connection, signature });
    expect(await fetchJob({ client: open.client.client, job: open.job })).toBeNull();
    const [before] = await balances({ connection: p.connection, keys: [open.client.keypair.publicKey] });

    const replay = await p.connection.sendRawTransaction(raw).then(
      () => null,
      (e: unknown) => toAtelierError(e),
    );
    expect(replay).toMatchObject({ name: "AlreadyProcessed", code: null, source: "runtime" });
    const [after] = await balances({ connection: p.connection, keys: [open.client.keypair.publicKey] });
    expect(after).toBe(before);
  });
});
