// Types for chromium.mjs (plain JS so bench/ui.mjs can import it without a build step).
export declare const CHROMIUM_PATH: string;
export declare const CHROMIUM_ARGS: string[];
