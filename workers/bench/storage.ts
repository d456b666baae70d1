/**
 * Upload benchmark against the LOCAL BUNDLER STAND-IN: the real Irys client signs ANS-104 items
 * with a worker key, uploads them over HTTP, and Atelier verifies every receipt. Prints items/s,
 * MB/s and p50/p95 latency per item size and concurrency. Numbers describe this machine + the
 * stand-in (disk writes, RSA receipt signing), not Irys.
 *
 *   npm run bench:storage -w @atelier/workers [-- --items 64 --concurrency 1,4 --sizes 65536,1048576]
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { Keypair } from "@solana/web3.js";
import { createStorageClient } from "../src/storage/index.js";
import { startLocalBundler } from "../src/storage/local-bundler/index.js";

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "48" },
    concurrency: { type: "string", default: "1,4" },
    sizes: { type: "string", default: "65536,1048576" },
    priced: { type: "boolean", default: false },
  },
});
const items = Number(values.items);
const concurrencies = values.concurrency.split(",").map(Number);
const sizes = values.sizes.split(",").map(Number);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const bundler = await startLocalBundler({ pricing: values.priced ? { lamportsPerByte: 1n, baseFeeLamports: 5_000n } : undefined });
try {
  const worker = Keypair.generate();
  if (values.priced) bundler.state.ledger.credit({ txId: "bench-credit", credits: [{ address: worker.publicKey.toBase58(), lamports: 10n ** 15n }], at: 0 });
  const client = await createStorageClient({ bundlerUrl: bundler.url, gatewayUrl: bundler.url, rpcUrl: "http://127.0.0.1:9", secretKey: worker.secretKey });
  console.log(`storage upload bench: local bundler stand-in ${bundler.url}, ${values.priced ? "priced" : "zero-price"} mode, ${items} items per row`);
  console.log("size      conc  items/s   MB/s    p50 ms   p95 ms   (client sign p50 ms)");
  let job = 0;
  for (const size of sizes) {
    for (const concurrency of concurrencies) {
      // Warm-up (JIT, connections) outside the measurement.
      await client.uploadImage({ image: randomBytes(size), contentType: "application/octet-stream", job: `warmup-${job++}` });
      const latencies: number[] = [];
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < items) {
            next++;
            const data = randomBytes(size);
            const t0 = performance.now();
            await client.uploadImage({ image: data, contentType: "application/octet-stream", job: `bench-${job++}` });
            latencies.push(performance.now() - t0);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      // Client-side share: building + ed25519-signing the ANS-104 item alone (no HTTP, no receipt).
      const signs: number[] = [];
      for (let i = 0; i < Math.min(items, 16); i++) {
        const tx = client.irys.createTransaction(randomBytes(size), { tags: [{ name: "Content-Type", value: "application/octet-stream" }] });
        const t0 = performance.now();
        await tx.sign();
        signs.push(performance.now() - t0);
      }
      signs.sort((a, b) => a - b);
      latencies.sort((a, b) => a - b);
      const label = size >= 1 << 20 ? `${size / (1 << 20)} MiB` : `${size / 1024} KiB`;
      console.log(
        `${label.padEnd(9)} ${String(concurrency).padStart(4)}  ${(items / seconds).toFixed(1).padStart(7)}  ${((items * size) / seconds / 1e6).toFixed(1).padStart(6)}  ${percentile(latencies, 50)
          .toFixed(1)
          .padStart(7)}  ${percentile(latencies, 95).toFixed(1).padStart(7)}   ${percentile(signs, 50).toFixed(1).padStart(6)}`,
      );
    }
  }
} finally {
  await bundler.close();
}
