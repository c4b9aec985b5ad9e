// What tsc's DOM library lacks and the site's scripts read (tsconfig.json includes this folder).

/** The Network Information API (Chromium-based browsers): Save-Data and the link's rough speed. */
interface NetworkInformation {
  readonly saveData?: boolean;
  readonly effectiveType?: string;
}

interface Navigator {
  readonly connection?: NetworkInformation;
}

interface WorkerNavigator {
  readonly connection?: NetworkInformation;
}

/** The tests shorten the calculators' start-up timeout (engine.js). */
declare var CALCULATORS_START_TIMEOUT_MS: number | undefined;
