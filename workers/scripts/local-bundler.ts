/**
 * Runs the LOCAL BUNDLER STAND-IN (Irys-compatible bundler + Arweave-style gateway) until SIGINT or
 * SIGTERM. Prints `local-bundler ready url=http://HOST:PORT address=... data=...` once it listens.
 */
import { LOCAL_BUNDLER_USAGE, parseLocalBundlerConfig, startLocalBundler } from "../src/storage/local-bundler/index.js";

async function main(): Promise<void> {
  if (process.argv.includes("--help")) {
    console.log(LOCAL_BUNDLER_USAGE);
    return;
  }
  let options;
  try {
    options = parseLocalBundlerConfig({ argv: process.argv.slice(2), env: process.env });
  } catch (error) {
    console.error(`${(error as Error).message}\n${LOCAL_BUNDLER_USAGE}`);
    process.exitCode = 2;
    return;
  }
  const bundler = await startLocalBundler(options);
  const p = options.pricing!;
  console.log(
    `local-bundler ready url=${bundler.url} address=${bundler.address} data=${bundler.dataDir} ` +
      `price=${p.baseFeeLamports}+${p.lamportsPerByte}/byte funding=${options.rpcUrl ?? "off"}`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const deadline = setTimeout(() => {
      console.error("local-bundler: shutdown deadline passed, exiting");
      process.exit(1);
    }, 5_000);
    deadline.unref();
    bundler.close().then(
      () => console.log(`local-bundler stopped (${signal})`),
      (error: unknown) => {
        console.error(`local-bundler: error while stopping: ${(error as Error).message}`);
        process.exitCode = 1;
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(`local-bundler failed to start: ${(error as Error).message}`);
  process.exitCode = 1;
});
