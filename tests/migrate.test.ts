import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Connection, Keypair } from "@solana/web3.js";
import { collectionAuthorityPda, collectionPda, configPda, createAtelierClient, fetchConfig, fetchCoreCollection } from "@atelier/sdk";
import { afterAll, describe, expect, it } from "vitest";
import { setUpgradeAuthority, useLocalnet } from "./setup/localnet.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "atelier-migrate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function migrate(args: string[]): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, ["--import", "tsx", "migrations/migrate.ts", ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

describe("migrations", () => {
  const net = useLocalnet();

  it("initializes the config and the Core collection once; a second run changes nothing", async () => {
    const admin = Keypair.generate();
    const adminPath = join(dir, "admin.json");
    writeFileSync(adminPath, JSON.stringify(Array.from(admin.secretKey)));
    const connection = new Connection(net.current.url, "confirmed");
    const args = ["--url", net.current.url, "--admin", adminPath];
    // Another key deployed the program: migration 001 is refused with the hint, nothing is created.
    await setUpgradeAuthority({ net: net.current, authority: Keypair.generate().publicKey });
    const refused = migrate(args);
    expect(refused.status, refused.out).not.toBe(0);
    expect(refused.out).toMatch(/NotUpgradeAuthority/);
    await setUpgradeAuthority({ net: net.current, authority: admin.publicKey });

    const first = migrate(args);
    expect(first.status, first.out).toBe(0);
    expect(first.out).toMatch(/001-initialize-config: applied/);
    expect(first.out).toMatch(/002-initialize-collection: applied/);
    const reader = createAtelierClient({ connection });
    const config = await fetchConfig({ client: reader });
    expect(config?.admin).toEqual(admin.publicKey);
    expect(config?.treasury).toEqual(admin.publicKey);
    // The collection the config records, decoded by @metaplex-foundation/mpl-core through the RPC.
    expect(config?.collection).toEqual(collectionPda().address);
    const collection = await fetchCoreCollection({ client: reader, collection: collectionPda().address });
    expect(collection?.name).toBe("Atelier");
    expect(collection?.updateAuthority.toString()).toBe(collectionAuthorityPda().address.toBase58());
    expect(collection?.numMinted).toBe(0);
    const dataBefore = (await connection.getAccountInfo(configPda().address))?.data;
    const collectionBefore = await connection.getAccountInfo(collectionPda().address);
    const balanceBefore = await connection.getBalance(admin.publicKey);

    const second = migrate(args);
    expect(second.status, second.out).toBe(0);
    expect(second.out).toMatch(/001-initialize-config: already done\n/);
    expect(second.out).toMatch(/002-initialize-collection: already done\n/);
    expect(second.out).toMatch(/0 applied/);
    expect((await connection.getAccountInfo(configPda().address))?.data).toEqual(dataBefore);
    expect(await connection.getAccountInfo(collectionPda().address)).toEqual(collectionBefore);
    expect(await connection.getBalance(admin.publicKey)).toBe(balanceBefore);

    // Different desired parameters are reported, never overwritten.
    const paramsPath = join(dir, "params.json");
    writeFileSync(paramsPath, JSON.stringify({ protocolFeeBps: 100 }));
    const third = migrate([...args, "--params", paramsPath]);
    expect(third.status, third.out).toBe(0);
    expect(third.out).toMatch(/differs in params\.protocolFeeBps/);
    expect((await connection.getAccountInfo(configPda().address))?.data).toEqual(dataBefore);
  });

  it("explains bad input without a stack trace", () => {
    const missing = migrate(["--url", net.current.url, "--admin", join(dir, "missing.json")]);
    expect(missing.status).toBe(2);
    expect(missing.out).toMatch(/cannot read keypair file/);
    expect(missing.out).not.toMatch(/\n\s+at /);
    const badFlag = migrate(["--nope"]);
    expect(badFlag.status).toBe(2);
    expect(badFlag.out).toMatch(/unknown argument --nope/);
    const nobody = migrate(["--url", "http://127.0.0.1:9"]);
    expect(nobody.status).toBe(2);
    expect(nobody.out).toMatch(/no Solana JSON-RPC endpoint answers/);
  });
});
