/** LOCAL BUNDLER STAND-IN: public surface. */
export { startLocalBundler, type LocalBundler, type LocalBundlerOptions } from "./server.js";
export { generateBundlerKeys, loadOrCreateBundlerKeys, type BundlerKeys } from "./bundler-keys.js";
export { ZERO_PRICING, priceFor, type Pricing } from "./pricing.js";
export { BundlerErrorCode } from "./http-replies.js";
export { parseLocalBundlerConfig, USAGE as LOCAL_BUNDLER_USAGE } from "./config.js";
