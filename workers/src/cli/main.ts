#!/usr/bin/env node
/** Entry point of the operator CLI: `npm run cli -w @atelier/workers -- <command>`. */
import { runCli } from "./run-cli.js";

process.exitCode = await runCli({ argv: process.argv.slice(2) });
