import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Connection, Keypair, SystemProgram, Transaction } from "@solana/web3.js";
import { afterAll, describe, expect, it } from "vitest";
import { KeypairFileError, ReadOnlyWalletError, createAtelierClient, keypairWallet, loadKeypair, signerKey, toBN, ArgumentError } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "atelier-wallet-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("wallets", () => {
  it("loads a Solana CLI keypair file and refuses malformed ones by name", () => {
    const kp = Keypair.generate();
    const good = join(dir, "id.json");
    writeFileSync(good, JSON.stringify(Array.from(kp.secretKey)));
    expect(loadKeypair({ path: good }).publicKey).toEqual(kp.publicKey);
    const short = join(dir, "short.json");
    writeFileSync(short, JSON.stringify([1, 2, 3]));
    expect(() => loadKeypair({ path: short })).toThrow(KeypairFileError);
    const text = join(dir, "text.json");
    writeFileSync(text, "not json");
    expect(() => loadKeypair({ path: text })).toThrow(KeypairFileError);
    expect(() => loadKeypair({ path: join(dir, "missing.json") })).toThrow(KeypairFileError);
  });

  it("a keypair wallet signs; a read-only client refuses to", async () => {
    const kp = Keypair.generate();
    const tx = new Transaction({ feePayer: kp.publicKey, recentBlockhash: Keypair.generate().publicKey.toBase58() }).add(
      SystemProgram.transfer({ fromPubkey: kp.publicKey, toPubkey: kp.publicKey, lamports: 1 }),
    );
    await keypairWallet({ keypair: kp }).signTransaction(tx);
    expect(tx.verifySignatures()).toBe(true);

    const connection = new Connection("http://127.0.0.1:1");
    const readOnly = createAtelierClient({ connection });
    expect(readOnly.readOnly).toBe(true);
    expect(() => signerKey({ client: readOnly })).toThrow(ReadOnlyWalletError);
    await expect(readOnly.wallet.signTransaction(tx)).rejects.toThrow(ReadOnlyWalletError);
    const signing = createAtelierClient({ connection, wallet: keypairWallet({ keypair: kp }) });
    expect(signerKey({ client: signing })).toEqual(kp.publicKey);
  });

  it("integer arguments must be integers", () => {
    expect(toBN({ value: 5n }).toString()).toBe("5");
    expect(toBN({ value: 2 ** 53 - 1 }).toString()).toBe(String(2 ** 53 - 1));
    expect(() => toBN({ value: 1.5, what: "payment" })).toThrow(ArgumentError);
  });
});
