/**
 * The worker service's entry point: `ATELIER_ROLE=watcher|generator|verifier|crank|all` (or a comma
 * list) picks the roles. Parses the env (fail fast, exit 78 naming every bad variable), starts the
 * node (admin server with /metrics, /healthz and the bull-board dashboard; the roles; SIGINT/SIGTERM
 * ordered shutdown with a deadline) and logs pino JSON.
 *   ATELIER_ROLE=all ATELIER_KEYPAIR=~/.config/solana/id.json npm start -w @atelier/workers
 */
import { EXIT_CONFIG, EnvError, loadEnvOrExit } from "./env.js";
import { createLogger } from "./logger.js";
import { parsePipelineEnv } from "./roles/pipeline-env.js";
import { startNode } from "./roles/start-node.js";

// `all` and comma lists are this entry point's; the service env only knows single roles.
const rawRole = process.env.ATELIER_ROLE ?? "";
const singleRole = rawRole.includes(",") || rawRole.trim() === "all" ? rawRole.split(",")[0]!.replace("all", "watcher").trim() : rawRole;
const env = loadEnvOrExit({ source: { ...process.env, ATELIER_ROLE: singleRole } });
let pipeline;
try {
  pipeline = parsePipelineEnv({ source: process.env, modelDir: env.modelDir });
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(EXIT_CONFIG);
}
const logger = createLogger({ level: env.logLevel, role: pipeline.roles.join(",") });
try {
  await startNode({ env, pipeline, logger });
} catch (error) {
  // Start-up failures (Redis unreachable, model directory invalid, keypair missing) end here.
  logger.fatal({ err: error }, "atelier node failed to start");
  process.exit(1);
}
