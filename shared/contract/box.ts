import { z } from 'zod';
import { OperationId } from './app';
import { call } from './define';

const ErrorData = z.object({
  code: z.string(),
  message: z.string(),
  /** `answersOn`: the http:// address an https:// box address really answers on, offered to the person. */
  detail: z.object({ answersOn: z.string().max(300).optional() }).optional(),
});

export const BoxStatus = z.object({
  url: z.string(),
  /** True for the demo box that runs inside the app. */
  demo: z.boolean(),
  reachable: z.boolean(),
  rendezvousVersion: z.string().nullable(),
  /** The box's own identity-service: not needed to archive; the phone's restore step needs it. */
  identityService: z.object({ version: z.string() }).nullable(),
  /** Why the identity-service did not answer (null when it did, or when the box was not reached). */
  identityProblem: ErrorData.nullable(),
  backupService: z
    .object({
      installed: z.boolean(),
      version: z.string().nullable(),
      formatVersion: z.number().nullable(),
      count: z.number().nullable(),
      newest: z.string().nullable(),
    })
    .nullable(),
  /**
   * The first problem that stops an archive (address, rendezvous, backup-service), as data: the
   * status call itself does not fail for box problems. Null means an archive can go ahead.
   */
  problem: ErrorData.nullable(),
});
export type BoxStatus = z.infer<typeof BoxStatus>;

export const DemoBox = z.object({
  url: z.string(),
  /** The demo backup's 24 words: made-up demo data, shown on the demo screen. */
  mnemonic: z.string(),
  backupIdPrefix: z.string(),
  identities: z.array(z.string()),
  peers: z.number(),
});

/** The backup-service package for box owners (box/README.md), to save or download and copy to the box. */
export const ServicePackage = z.object({
  fileName: z.string(),
  version: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string(),
  /** Where it lies on this computer (the browser version shows it). */
  path: z.string(),
  /** The file itself, for a download link in the browser version (about 130 KB). */
  contentBase64: z.string().max(8_000_000),
});
export type ServicePackage = z.infer<typeof ServicePackage>;

/** One measured transfer of a box: `bytes` took `seconds`. */
export const BoxPace = z.object({ bytes: z.number(), seconds: z.number() });

export const boxCalls = {
  'box.servicePackage': call(z.object({}), ServicePackage),
  'box.saveServicePackage': call(z.object({ path: z.string().min(1).max(4096) }), z.object({ saved: z.string() })),
  /** With an operationId, a wait for another program using the box is told as operation.progress ("Waiting for another program…"). */
  'box.status': call(z.object({ url: z.string().max(500), operationId: OperationId.optional() }), BoxStatus),
  /**
   * How fast this box was last measured by this app (bytes over seconds, setup included), for an
   * honest "how long" before an archive and a restore's first time-left; null: never measured.
   */
  'box.pace': call(z.object({ url: z.string().max(500) }), z.object({ download: BoxPace.nullable(), upload: BoxPace.nullable(), archive: BoxPace.nullable() })),
  'demo.start': call(z.object({}), DemoBox),
  'demo.stop': call(z.object({}), z.object({ stopped: z.boolean() })),
  'demo.status': call(z.object({}), z.object({ running: z.boolean(), url: z.string().nullable() })),
};

export const boxEvents = {};
