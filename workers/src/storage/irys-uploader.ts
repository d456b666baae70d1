/**
 * The real Irys client (`@irys/upload` + `@irys/upload-solana`) configured for one worker key, a
 * bundler URL (Irys in production, the local stand-in here) and a Solana RPC (used for funding).
 */
import { Uploader, type UploadBuilder } from "@irys/upload";
import { Solana } from "@irys/upload-solana";

/** A built Irys uploader. */
export type IrysUploader = Awaited<ReturnType<UploadBuilder["build"]>>;

/** Builds the Irys Solana uploader; nothing is contacted until it is used. */
export async function createIrysUploader({
  bundlerUrl,
  rpcUrl,
  secretKey,
  timeoutMs = 60_000,
}: {
  bundlerUrl: string;
  rpcUrl: string;
  /** The worker's 64-byte Solana secret key. */
  secretKey: Uint8Array;
  timeoutMs?: number;
}): Promise<IrysUploader> {
  return Uploader(Solana)
    .withWallet(Uint8Array.from(secretKey))
    .withRpc(rpcUrl)
    .withTokenOptions({ finality: "confirmed" })
    .bundlerUrl(bundlerUrl)
    .timeout(timeoutMs)
    .build();
}
