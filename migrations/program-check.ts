// Is the program deployed at the cluster? (What deploy.ts reports and migrate.ts requires.)
import type { Connection, PublicKey } from "@solana/web3.js";

/** What the cluster holds at the program address. */
export type ProgramPresence = "executable" | "not-executable" | "missing";

export async function programPresence({ connection, programId }: { connection: Connection; programId: PublicKey }): Promise<ProgramPresence> {
  const info = await connection.getAccountInfo(programId);
  if (!info) return "missing";
  return info.executable ? "executable" : "not-executable";
}
