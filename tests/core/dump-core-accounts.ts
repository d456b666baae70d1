import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

import { lamports, publicKey, type RpcAccount } from "@metaplex-foundation/umi";

/** One raw account as the `dump_accounts` example prints it. */
export type DumpedAccount = {
  address: string;
  owner: string;
  lamports: number;
  dataBase64: string;
};

/** What `crates/core-standin/examples/dump_accounts.rs` prints. */
export type CoreDump = {
  standIn: string;
  collection: DumpedAccount;
  asset: DumpedAccount;
  expected: {
    coreProgram: string;
    collection: {
      name: string;
      uri: string;
      updateAuthority: string;
      numMinted: number;
      currentSize: number;
      royalties: ExpectedRoyalties;
    };
    asset: {
      name: string;
      uri: string;
      owner: string;
      updateAuthority: { type: "Collection"; address: string };
      attributes: { key: string; value: string }[];
      royalties: ExpectedRoyalties;
    };
  };
};

type ExpectedRoyalties = {
  basisPoints: number;
  creators: { address: string; percentage: number }[];
  ruleSet: { type: "None" } | { type: "ProgramAllowList" | "ProgramDenyList"; programs: string[] };
};

/**
 * Builds (if needed; a no-op when fresh) and runs the Core STAND-IN's `dump_accounts`
 * example, which creates a collection and an asset natively in solana-program-test and prints
 * their raw bytes. Honours CARGO_TARGET_DIR like cargo does.
 */
export function dumpCoreAccounts({ repoRoot }: { repoRoot: string }): CoreDump {
  const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(repoRoot, "target");
  execFileSync("cargo", ["build", "-q", "-p", "core-standin", "--example", "dump_accounts"], {
    cwd: repoRoot,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, CARGO_TARGET_DIR: targetDir },
  });
  const binary = path.join(targetDir, "debug", "examples", "dump_accounts");
  if (!existsSync(binary)) {
    throw new Error(`dump_accounts was not built at ${binary}`);
  }
  const stdout = execFileSync(binary, { cwd: repoRoot, stdio: ["ignore", "pipe", "ignore"] });
  return JSON.parse(stdout.toString("utf8")) as CoreDump;
}

/** A umi `RpcAccount` holding exactly the dumped bytes, as an RPC would return them. */
export function toRpcAccount({ account }: { account: DumpedAccount }): RpcAccount {
  return {
    publicKey: publicKey(account.address),
    owner: publicKey(account.owner),
    lamports: lamports(account.lamports),
    executable: false,
    data: new Uint8Array(Buffer.from(account.dataBase64, "base64")),
  };
}
