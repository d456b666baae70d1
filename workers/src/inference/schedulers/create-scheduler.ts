/** Scheduler factory by name. */
import type { SchedulerConfig } from "../manifest.js";
import { createEulerAncestralScheduler } from "./euler-ancestral.js";
import { createEulerScheduler } from "./euler.js";
import { createLcmScheduler } from "./lcm.js";
import type { Scheduler, SchedulerName } from "./scheduler.js";

export { SchedulerName, type Scheduler } from "./scheduler.js";

export function createScheduler({ name, config, steps }: { name: SchedulerName; config: SchedulerConfig; steps: number }): Scheduler {
  switch (name) {
    case "euler":
      return createEulerScheduler({ config, steps });
    case "euler-ancestral":
      return createEulerAncestralScheduler({ config, steps });
    case "lcm":
      return createLcmScheduler({ config, steps });
  }
}
