/**
 * Publishing: an uploaded .xlsx becomes an application version only after a worker has read
 * it under the workbook limits and recalculated it (the same check as `sheetport check`). The
 * check's warnings — cells where the engine disagrees with Excel's saved values — are kept with
 * the version and shown to the publisher.
 */
import { ComputeError, type ComputePool } from '../compute/pool.js';
import type { PublishCheck } from '../compute/protocol.js';
import type { Store } from '../store/store.js';
import type { AccessTypeCode, Application, ApplicationChanges, ApplicationVersion } from '../store/types.js';

/** A file that cannot be published; the message says what is wrong with it. */
export class PublishError extends Error {
  override readonly name = 'PublishError';
}

/** A file to publish. */
export interface PublishFile {
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

/** What a publication produced. */
export interface Published {
  readonly application: Application;
  readonly version: ApplicationVersion;
  /** Complete sentences for the answer's Messages: the fidelity summary and each disagreement. */
  readonly warnings: readonly string[];
}

/** Creates applications and publishes new versions of them. */
export class Publisher {
  constructor(
    private readonly store: Store,
    private readonly compute: ComputePool,
  ) {}

  /** Publishes a new application (version 1). */
  async create(
    siteId: string,
    app: { name: string; accessType: AccessTypeCode; notes?: string },
    file: PublishFile,
  ): Promise<Published> {
    const warnings = await this.#check(file.bytes);
    const { application, version } = await this.store.createApplication(
      { siteId, name: app.name, accessType: app.accessType, notes: app.notes },
      { fileName: file.fileName, bytes: file.bytes, warnings },
    );
    return { application, version, warnings };
  }

  /**
   * Changes an application; with a file, publishes it as the next version (earlier versions
   * stay for FileVersion and open sessions). Null if the site has no such application.
   */
  async update(
    siteId: string,
    applicationId: string,
    changes: ApplicationChanges,
    file?: PublishFile,
  ): Promise<Published | null> {
    if (file === undefined) {
      const application = await this.store.updateApplication(siteId, applicationId, changes);
      if (application === null) return null;
      const version = await this.store.latestVersion(applicationId);
      return version && { application, version, warnings: [] };
    }
    // Refuse early for an unknown application: checking a file costs a workbook load.
    if ((await this.store.getApplicationById(siteId, applicationId)) === null) return null;
    const warnings = await this.#check(file.bytes);
    const added = await this.store.addVersion(
      siteId,
      applicationId,
      { fileName: file.fileName, bytes: file.bytes, warnings },
      changes,
    );
    return added && { ...added, warnings };
  }

  async #check(bytes: Uint8Array): Promise<string[]> {
    let check: PublishCheck;
    try {
      check = await this.compute.check(bytes);
    } catch (err) {
      const refused = ['BAD_WORKBOOK', 'TIMEOUT', 'MEMORY'];
      if (err instanceof ComputeError && refused.includes(err.code)) throw new PublishError(err.message);
      throw err;
    }
    return [...summary(check), ...check.warnings];
  }
}

/** One sentence on fidelity, only when something disagrees (a clean publish has no messages). */
function summary(check: PublishCheck): string[] {
  if (check.matched === check.compared) return [];
  return [`${check.matched} of ${check.compared} formula cells match the values Excel saved in the file.`];
}
