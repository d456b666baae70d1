/**
 * `artist register|update|show|index`: an artist's registry entry (payout wallet, display name,
 * catalog URI + hash, opt-in) through the SDK, and building their influence index.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { artistPda, fetchArtist, optOutArtist, registerArtist, updateArtist, type ArtistAccount } from "@atelier/sdk";
import type { PublicKey } from "@solana/web3.js";
import { parsePubkey, positionals } from "../args.js";
import { readCatalogDir } from "../catalog-files.js";
import { CliError, UsageError } from "../cli-error.js";
import type { CliContext } from "../context.js";
import { type CliIo, type CommandResult, table } from "../output.js";
import { indexCatalog } from "./artist-index.js";

/** Usage of the artist commands. */
export const ARTIST_USAGE = [
  "artist register --name <NAME> (--catalog <DIR> | --catalog-hash <HEX>) [--catalog-uri <URI>] [--payout <PUBKEY>]",
  "                                  opt this wallet in as an artist",
  "artist update [--name ..] [--catalog <DIR> | --catalog-hash <HEX>] [--catalog-uri <URI>] [--payout <PUBKEY>] [--opt-out]",
  "                                  change the profile; --opt-out: no new image may name you",
  "artist show                       this wallet's artist entry",
  "artist index <CATALOG DIR> --out <FILE> [--clip <MODEL DIR>]",
  "                                  embed the catalog into the influence index workers load",
] as const;

const PROFILE_OPTIONS = {
  name: { type: "string" },
  payout: { type: "string" },
  catalog: { type: "string" },
  "catalog-hash": { type: "string" },
  "catalog-uri": { type: "string" },
  "opt-out": { type: "boolean" },
} as const;

type ProfileValues = { name?: string; payout?: string; catalog?: string; "catalog-hash"?: string; "catalog-uri"?: string; "opt-out"?: boolean };

/** Catalog hash and default URI from `--catalog <dir>` or `--catalog-hash <hex>`. */
async function catalogOf(values: ProfileValues): Promise<{ hash: Buffer; uri?: string } | undefined> {
  if (values.catalog !== undefined && values["catalog-hash"] !== undefined) throw new UsageError("give --catalog or --catalog-hash, not both");
  if (values.catalog !== undefined) {
    const { catalogHash } = await readCatalogDir({ dir: values.catalog });
    return { hash: catalogHash, uri: `file://${resolve(values.catalog)}` };
  }
  const hex = values["catalog-hash"];
  if (hex === undefined) return undefined;
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new UsageError(`--catalog-hash must be 64 hex digits (a sha256), got '${hex}'`);
  return { hash: Buffer.from(hex, "hex") };
}

function describe({ ctx, artist, address }: { ctx: CliContext; artist: ArtistAccount; address: PublicKey }): CommandResult {
  const json = {
    artist: address.toBase58(),
    authority: ctx.keypair.publicKey.toBase58(),
    payout: artist.payout.toBase58(),
    displayName: artist.displayName,
    catalogUri: artist.catalogUri,
    catalogHash: Buffer.from(artist.catalogHash).toString("hex"),
    optedIn: artist.optedIn,
  };
  return {
    json,
    lines: table({
      rows: [
        ["artist", json.artist],
        ["name", json.displayName],
        ["payout", json.payout],
        ["catalog", json.catalogUri],
        ["catalog hash", json.catalogHash],
        ["opted in", json.optedIn ? "yes" : "no (opted out)"],
      ],
    }),
  };
}

const addressOf = (ctx: CliContext) => artistPda({ authority: ctx.keypair.publicKey, programId: ctx.client.programId }).address;

async function show(ctx: CliContext): Promise<CommandResult> {
  const artist = await fetchArtist({ client: ctx.client, authority: ctx.keypair.publicKey });
  if (!artist) throw new CliError({ name: "ArtistNotRegistered", message: `wallet ${ctx.keypair.publicKey.toBase58()} is not a registered artist`, hint: "register first: artist register --name <NAME> --catalog <DIR>" });
  return describe({ ctx, artist, address: addressOf(ctx) });
}

async function register(ctx: CliContext, values: ProfileValues): Promise<CommandResult> {
  if (values.name === undefined) throw new UsageError("--name <NAME> is required");
  if (values["opt-out"]) throw new UsageError("--opt-out belongs to artist update");
  const catalog = await catalogOf(values);
  if (!catalog) throw new UsageError("--catalog <DIR> or --catalog-hash <HEX> is required");
  const catalogUri = values["catalog-uri"] ?? catalog.uri;
  if (catalogUri === undefined) throw new UsageError("--catalog-uri <URI> is required with --catalog-hash");
  const payout = values.payout === undefined ? ctx.keypair.publicKey : parsePubkey({ value: values.payout, flag: "--payout" });
  if (await fetchArtist({ client: ctx.client, authority: ctx.keypair.publicKey })) {
    throw new CliError({ name: "ArtistAlreadyRegistered", message: `wallet ${ctx.keypair.publicKey.toBase58()} is already an artist`, hint: "use artist update" });
  }
  const sent = await registerArtist({ client: ctx.client, payout, displayName: values.name, catalogUri, catalogHash: catalog.hash });
  const shown = await show(ctx);
  return { json: { ...shown.json, signature: sent.signature }, lines: [`registered artist ${sent.artist.toBase58()} (tx ${sent.signature})`, ...shown.lines] };
}

async function update(ctx: CliContext, values: ProfileValues): Promise<CommandResult> {
  const current = (await show(ctx)).json as { payout: string; displayName: string; catalogUri: string; catalogHash: string };
  const catalog = await catalogOf(values);
  const changes = values.name !== undefined || values.payout !== undefined || catalog !== undefined || values["catalog-uri"] !== undefined;
  if (!changes && !values["opt-out"]) throw new UsageError("artist update needs at least one of --name, --payout, --catalog, --catalog-hash, --catalog-uri, --opt-out");
  const signatures: string[] = [];
  if (changes) {
    const sent = await updateArtist({
      client: ctx.client,
      payout: values.payout === undefined ? parsePubkey({ value: current.payout, flag: "payout" }) : parsePubkey({ value: values.payout, flag: "--payout" }),
      displayName: values.name ?? current.displayName,
      catalogUri: values["catalog-uri"] ?? catalog?.uri ?? current.catalogUri,
      catalogHash: catalog?.hash ?? Buffer.from(current.catalogHash, "hex"),
    });
    signatures.push(sent.signature);
  }
  if (values["opt-out"]) signatures.push((await optOutArtist({ client: ctx.client })).signature);
  const shown = await show(ctx);
  return { json: { ...shown.json, signatures }, lines: [`updated artist (tx ${signatures.join(", ")})`, ...shown.lines] };
}

/** Runs `artist <sub> ...args`. */
export async function runArtistCommand({ ctx, sub, args, io, quiet }: { ctx: () => CliContext; sub: string | undefined; args: readonly string[]; io: CliIo; quiet: boolean }): Promise<CommandResult> {
  switch (sub) {
    case "register":
    case "update": {
      const { values, positionals: rest } = parseArgs({ args: [...args], options: PROFILE_OPTIONS, allowPositionals: true, strict: true });
      positionals({ given: rest, names: [] });
      return sub === "register" ? register(ctx(), values) : update(ctx(), values);
    }
    case "show": {
      const { positionals: rest } = parseArgs({ args: [...args], options: {}, allowPositionals: true, strict: true });
      positionals({ given: rest, names: [] });
      return show(ctx());
    }
    case "index": {
      const { values, positionals: rest } = parseArgs({ args: [...args], options: { out: { type: "string" }, clip: { type: "string" } }, allowPositionals: true, strict: true });
      const [dir] = positionals({ given: rest, names: ["catalog dir"] });
      if (values.out === undefined) throw new UsageError("--out <index file> is required");
      const c = ctx();
      return indexCatalog({ io, quiet, dir: dir!, out: values.out, authority: c.keypair.publicKey, programId: c.client.programId, ...(values.clip ? { clipModelDir: values.clip } : {}) });
    }
    default:
      throw new UsageError(sub === undefined ? "artist needs a subcommand" : `unknown artist subcommand '${sub}'`);
  }
}
