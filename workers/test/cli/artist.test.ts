// `artist register|update|show|index` against a real localnet and the tiny CLIP model.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { artistPda, fetchArtist } from "@atelier/sdk";
import { describe, expect, it } from "vitest";
import { encodePng } from "../../src/image/png.js";
import { readCatalogDir } from "../../src/cli/catalog-files.js";
import { loadInfluenceIndex } from "../../src/inference/influence-index.js";
import { clientFor, fundedKeypair } from "../../../tests/fixtures/chain.js";
import { useProtocol } from "../../../tests/fixtures/protocol.js";
import { cli, errorName, keypairFile } from "./cli-harness.js";

/** A catalog directory of `count` small PNGs tinted by `tint`. */
function catalogDir({ count, tint }: { count: number; tint: [number, number, number] }): string {
  const dir = mkdtempSync(join(tmpdir(), "atelier-catalog-"));
  for (let i = 0; i < count; i++) {
    const width = 32;
    const data = new Uint8Array(width * width * 3).map((_, k) => Math.min(255, Math.round(((k / 3) % width) * 8 * tint[k % 3]! + i * 5)));
    writeFileSync(join(dir, `work-${i}.png`), encodePng({ image: { width, height: width, channels: 3, data } }));
  }
  writeFileSync(join(dir, "notes.txt"), "not an image");
  return dir;
}

describe("operator CLI: artist", () => {
  const protocol = useProtocol();

  it("registers with a catalog directory, updates, opts out, and shows the entry", async () => {
    const p = protocol.current;
    const keypair = await fundedKeypair({ connection: p.connection, sol: 1 });
    const kp = keypairFile({ keypair });
    const dir = catalogDir({ count: 3, tint: [1, 0.5, 0.2] });
    const reg = await cli({ url: p.net.url, keypair: kp, argv: ["artist", "register", "--name", "Ada", "--catalog", dir, "--json"] });
    expect(reg.code, reg.err).toBe(0);
    const onChain = await fetchArtist({ client: clientFor({ connection: p.connection, keypair }), authority: keypair.publicKey });
    expect(onChain?.displayName).toBe("Ada");
    expect(Buffer.from(onChain!.catalogHash)).toEqual((await readCatalogDir({ dir })).catalogHash);
    expect(onChain?.payout.equals(keypair.publicKey)).toBe(true);

    const payout = (await fundedKeypair({ connection: p.connection, sol: 0.01 })).publicKey.toBase58();
    const upd = await cli({ url: p.net.url, keypair: kp, argv: ["artist", "update", "--name", "Ada L.", "--payout", payout, "--json"] });
    expect(upd.code, upd.err).toBe(0);
    expect(upd.json()).toMatchObject({ displayName: "Ada L.", payout, optedIn: true, catalogHash: onChain && Buffer.from(onChain.catalogHash).toString("hex") });

    const out = await cli({ url: p.net.url, keypair: kp, argv: ["artist", "update", "--opt-out"] });
    expect(out.code, out.err).toBe(0);
    const shown = await cli({ url: p.net.url, keypair: kp, argv: ["artist", "show"] });
    expect(shown.out).toMatch(/^opted in\s+no/m);

    const twice = await cli({ url: p.net.url, keypair: kp, argv: ["artist", "register", "--name", "Ada", "--catalog", dir] });
    expect(errorName({ run: twice })).toBe("ArtistAlreadyRegistered");
  });

  it("indexes catalogs into one influence index keyed by artist account, replacing an artist's works on re-index", async () => {
    const p = protocol.current;
    const out = join(mkdtempSync(join(tmpdir(), "atelier-index-")), "artists.index");
    const a = await fundedKeypair({ connection: p.connection, sol: 1 });
    const b = await fundedKeypair({ connection: p.connection, sol: 1 });
    const first = await cli({ url: p.net.url, keypair: keypairFile({ keypair: a }), argv: ["artist", "index", catalogDir({ count: 5, tint: [1, 0.3, 0.3] }), "--out", out] });
    expect(first.code, first.err).toBe(0);
    expect(first.err).toMatch(/embedding 5 works: 5\/5/); // progress on stderr
    const second = await cli({ url: p.net.url, keypair: keypairFile({ keypair: b }), argv: ["--json", "artist", "index", catalogDir({ count: 2, tint: [0.3, 0.3, 1] }), "--out", out] });
    expect(second.code, second.err).toBe(0);
    expect(second.json()).toMatchObject({ works: 2, artistsInIndex: 2 });
    const again = await cli({ url: p.net.url, keypair: keypairFile({ keypair: a }), argv: ["artist", "index", catalogDir({ count: 3, tint: [1, 1, 0.3] }), "--out", out] });
    expect(again.code, again.err).toBe(0);
    const index = await loadInfluenceIndex({ path: out });
    const ids = [a, b].map((k) => artistPda({ authority: k.publicKey, programId: clientFor({ connection: p.connection, keypair: k }).programId }).address.toBase58()).sort();
    expect([...index.artistIds]).toEqual(ids);
    const aId = artistPda({ authority: a.publicKey, programId: clientFor({ connection: p.connection, keypair: a }).programId }).address.toBase58();
    const aAt = index.artistIds.indexOf(aId);
    expect(index.workOffsets[aAt + 1]! - index.workOffsets[aAt]!).toBe(3);
    expect(index.workIds).toHaveLength(5);
  });

  it("fails clearly: unregistered artist, missing or empty catalog, bad arguments", async () => {
    const p = protocol.current;
    const kp = keypairFile({ keypair: await fundedKeypair({ connection: p.connection, sol: 1 }) });
    const show = await cli({ url: p.net.url, keypair: kp, argv: ["artist", "show"] });
    expect([show.code, errorName({ run: show })]).toEqual([1, "ArtistNotRegistered"]);
    const upd = await cli({ url: p.net.url, keypair: kp, argv: ["artist", "update", "--name", "X"] });
    expect([upd.code, errorName({ run: upd })]).toEqual([1, "ArtistNotRegistered"]);
    const missing = await cli({ url: p.net.url, keypair: kp, argv: ["artist", "register", "--name", "X", "--catalog", "/nonexistent/catalog"] });
    expect([missing.code, errorName({ run: missing })]).toEqual([1, "CatalogNotFound"]);
    const emptyDir = mkdtempSync(join(tmpdir(), "atelier-empty-"));
    mkdirSync(join(emptyDir, "sub"));
    const empty = await cli({ url: p.net.url, keypair: kp, argv: ["artist", "index", emptyDir, "--out", join(emptyDir, "i")] });
    expect([empty.code, errorName({ run: empty })]).toEqual([1, "CatalogEmpty"]);
    for (const argv of [
      ["artist", "register", "--catalog-hash", "00".repeat(32), "--catalog-uri", "ar://x"],
      ["artist", "register", "--name", "X", "--catalog-hash", "zz", "--catalog-uri", "ar://x"],
      ["artist", "register", "--name", "X", "--catalog-hash", "00".repeat(32)],
      ["artist", "index", emptyDir],
      ["artist", "index", "--out", "x"],
    ]) {
      const run = await cli({ url: p.net.url, keypair: kp, argv });
      expect(run.code, argv.join(" ")).toBe(2);
      expect(errorName({ run })).toBe("UsageError");
    }
    const longName = await cli({ url: p.net.url, keypair: kp, argv: ["artist", "register", "--name", "x".repeat(40), "--catalog-hash", "11".repeat(32), "--catalog-uri", "ar://x"] });
    expect([longName.code, errorName({ run: longName })]).toEqual([1, "InvalidDisplayName"]);
  });
});
