/**
 * Request specs of every wire method (spec §2, §5–§9), each with its bound type of the same
 * name. Handlers receive the bound value; the binder has already applied the leniency rules
 * and defaults, so a handler never sees `""`, numeric strings or miscased property names.
 * Conditional rules (e.g. TargetRef needed only when GoalSeek is enabled) belong to handlers.
 */
import { type Out, t } from './binding.js';

const ApplicationKey = t.string().describe('The application key (32 lowercase hex characters).');
const ApplicationId = t.string().describe('The application id (a GUID).');
const SessionId = t.string().describe('A dedicated session id returned by OpenDedicatedSession.');
const UserName = t.string().optional().describe('The user the call acts for.');

// --- §4 cells and ranges -------------------------------------------------------------------

/** An input cell: only `Value` matters; null or absent means blank. */
export const CellInput = t.object({
  Value: t.scalar().optional().describe('String, number, boolean or null (blank).'),
});
export type CellInput = Out<typeof CellInput>;

const BLANK_CELL: CellInput = Object.freeze({ Value: undefined });

/** A range to write: `Ref` (defined name or A1 reference) and a rows × columns matrix. */
export const RangeInput = t.object({
  Ref: t.string().describe("A defined name or an A1 reference such as Sheet1!A5 or 'My Sheet'!$A$4:$B$9."),
  // A null cell in the matrix is a blank cell, not an error: JS clients build sparse matrices.
  Value: t.array(t.array(CellInput.default(BLANK_CELL))).describe('Cell values, rows × columns.'),
});
export type RangeInput = Out<typeof RangeInput>;

// --- §5 calculations ------------------------------------------------------------------------

/** Goal seek: vary ChangingRef until |TargetRef − TargetValue| ≤ MaxChange. */
export const GoalSeekInput = t.object({
  Enabled: t.bool().default(false),
  TargetRef: t.string().optional(),
  ChangingRef: t.string().optional(),
  TargetValue: t.number().optional(),
  MaxIterations: t.int({ min: 1 }).default(1000),
  MaxChange: t.number({ min: 0 }).default(0.001),
});
export type GoalSeekInput = Out<typeof GoalSeekInput>;

/** Save the calculation as a record (spec §7). */
export const SaveInformation = t.object({
  Save: t.bool().default(false),
  RecordId: t.int({ min: 1 }).optional().describe('Absent: insert a new record; present: update it.'),
  UserName: t.string().optional(),
  SetRecordStatusIndex: t.int().optional(),
  SetGroupId: t.int().optional(),
  SetAssignedUserName: t.string().optional(),
});
export type SaveInformation = Out<typeof SaveInformation>;

const calculationFields = {
  Inputs: t.array(RangeInput).default([]),
  Outputs: t.array(t.string()).default([]).describe('Refs to read back after the calculation.'),
  GoalSeek: GoalSeekInput.optional(),
};

/** `POST /Api/Applications/GetResult`. */
export const GetResultRequest = t.object({
  ApplicationKey,
  ...calculationFields,
  SessionId: SessionId.optional(),
  SaveInformation: SaveInformation.optional(),
  FileVersion: t.int({ min: 1 }).optional().describe('An earlier published version; default the latest.'),
  CultureName: t.string().optional().describe('Culture for reading input text, e.g. en-US (the default).'),
});
export type GetResultRequest = Out<typeof GetResultRequest>;

/** One calculation inside a batch (no session, save or version of its own). */
export const BatchCalculation = t.object(calculationFields);
export type BatchCalculation = Out<typeof BatchCalculation>;

/** `POST /Api/Applications/GetBatchResults`. The item limit is configuration, checked by the handler. */
export const GetBatchResultsRequest = t.object({
  ApplicationKey,
  SessionId: SessionId.optional(),
  UserName,
  Requests: t.array(t.object({ Id: t.int(), Request: BatchCalculation })),
});
export type GetBatchResultsRequest = Out<typeof GetBatchResultsRequest>;

// --- §6 dedicated sessions, §8 metadata -----------------------------------------------------

/** `POST /Api/Applications/OpenDedicatedSession`. */
export const OpenDedicatedSessionRequest = t.object({ ApplicationKey });
export type OpenDedicatedSessionRequest = Out<typeof OpenDedicatedSessionRequest>;

/** `POST /Api/Applications/CloseDedicatedSession`. */
export const CloseDedicatedSessionRequest = t.object({ ApplicationKey, SessionId });
export type CloseDedicatedSessionRequest = Out<typeof CloseDedicatedSessionRequest>;

/** `POST /Api/Applications/GenerateNamedRangeInformation`. */
export const GenerateNamedRangeInformationRequest = t.object({ ApplicationKey });
export type GenerateNamedRangeInformationRequest = Out<typeof GenerateNamedRangeInformationRequest>;

/** `POST /Api/Applications/GetLastUpdatedDate`. */
export const GetLastUpdatedDateRequest = t.object({ ApplicationKey });
export type GetLastUpdatedDateRequest = Out<typeof GetLastUpdatedDateRequest>;

// --- §2 authentication --------------------------------------------------------------------

/** `POST /Api/Auth/GetToken`. */
export const GetTokenRequest = t.object({
  ClientIdentifier: t.string(),
  ClientSecret: t.string(),
});
export type GetTokenRequest = Out<typeof GetTokenRequest>;

/**
 * `POST /connect/token` (form-encoded OAuth2 client credentials). The client credentials may
 * instead come in an `Authorization: Basic` header (RFC 6749 §2.3.1), so the handler checks them.
 */
export const ConnectTokenRequest = t.object({
  grant_type: t.string().describe('Only client_credentials.'),
  client_id: t.string().optional().describe('The ClientIdentifier; or send HTTP Basic authentication.'),
  client_secret: t.string().optional().describe('The ClientSecret; or send HTTP Basic authentication.'),
});
export type ConnectTokenRequest = Out<typeof ConnectTokenRequest>;

// --- §7 records ---------------------------------------------------------------------------

/** `POST /Api/Applications/GetRecord` and `GetRecordExtended`. */
export const GetRecordRequest = t.object({ ApplicationKey, RecordId: t.int({ min: 1 }), UserName });
export type GetRecordRequest = Out<typeof GetRecordRequest>;

// --- §9 site administration -----------------------------------------------------------------

/** 0 Unrestricted, 1 Restricted, 2 Restricted with registration. */
const AccessType = t
  .int({ oneOf: [0, 1, 2] })
  .describe('0 Unrestricted, 1 Restricted, 2 Restricted with registration.');

/** `POST /Api/Sites/CreateApplication`. Default access is Restricted: publishing must not expose by accident. */
export const CreateApplicationRequest = t.object({
  ApplicationName: t.string(),
  FileName: t.string(),
  FileContent: t.base64().describe('The .xlsx file, base64.'),
  AccessType: AccessType.default(1),
  Notes: t.string().optional(),
});
export type CreateApplicationRequest = Out<typeof CreateApplicationRequest>;

/** `POST /Api/Sites/UpdateApplication`: a FileContent publishes a new version; absent fields stay. */
export const UpdateApplicationRequest = t.object({
  ApplicationId,
  ApplicationName: t.string().optional(),
  FileName: t.string().optional(),
  FileContent: t.base64().optional().describe('The .xlsx file, base64.'),
  AccessType: AccessType.optional(),
  Notes: t.string().optional(),
});
export type UpdateApplicationRequest = Out<typeof UpdateApplicationRequest>;

/** `POST /Api/Sites/DeleteApplication`. */
export const DeleteApplicationRequest = t.object({ ApplicationId });
export type DeleteApplicationRequest = Out<typeof DeleteApplicationRequest>;

/** `POST /Api/Sites/GetApplicationList`. */
export const GetApplicationListRequest = t.object({ UserName });
export type GetApplicationListRequest = Out<typeof GetApplicationListRequest>;

/** `POST /Api/Sites/DownloadExcelFile`. */
export const DownloadExcelFileRequest = t.object({
  ApplicationId,
  FileVersion: t.int({ min: 1 }).optional().describe('An earlier published version; default the latest.'),
});
export type DownloadExcelFileRequest = Out<typeof DownloadExcelFileRequest>;

/** Filter operators: 0 Equals … 7 LessThan. */
export const FilterOperator = {
  Equals: 0,
  NotEquals: 1,
  Like: 2,
  NotLike: 3,
  IsNull: 4,
  IsNotNull: 5,
  GreaterThan: 6,
  LessThan: 7,
} as const;

/** `POST /Api/Sites/GetApplicationData`. */
export const GetApplicationDataRequest = t.object({
  UserName,
  ApplicationId,
  CustomColumns: t.array(t.string()).default([]),
  Filters: t
    .array(
      t.object({
        Column: t.string(),
        Operator: t.int({ oneOf: Object.values(FilterOperator) }),
        Value: t.string().optional(),
      }),
    )
    .default([]),
  SortInformation: t
    .object({ Column: t.string(), Direction: t.int({ oneOf: [0, 1] }).default(0) })
    .optional(),
  PaginationInformation: t
    .object({ PageSize: t.int({ min: 1 }), CurrentPageIndex: t.int({ min: 0 }).default(0) })
    .optional(),
});
export type GetApplicationDataRequest = Out<typeof GetApplicationDataRequest>;

/** `POST /Api/Sites/GetApplicationDataCustomColumns`. */
export const GetApplicationDataCustomColumnsRequest = t.object({ ApplicationId, UserName });
export type GetApplicationDataCustomColumnsRequest = Out<typeof GetApplicationDataCustomColumnsRequest>;

/** `POST /Api/Sites/DeleteRecord`. */
export const DeleteRecordRequest = t.object({ ApplicationKey, RecordId: t.int({ min: 1 }) });
export type DeleteRecordRequest = Out<typeof DeleteRecordRequest>;

const userFields = {
  FirstName: t.string().optional(),
  LastName: t.string().optional(),
  EmailAddress: t.string().optional(),
  Password: t.string().optional(),
  RoleId: t.int().optional(),
  GroupId: t.array(t.int()).optional(),
};

/** `POST /Api/Sites/CreateUser`. */
export const CreateUserRequest = t.object({
  UserName: t.string(),
  ...userFields,
  IsActive: t.bool().default(true),
});
export type CreateUserRequest = Out<typeof CreateUserRequest>;

/** `POST /Api/Sites/UpdateUser`: absent fields stay as they are. */
export const UpdateUserRequest = t.object({
  UserName: t.string(),
  ...userFields,
  IsActive: t.bool().optional(),
});
export type UpdateUserRequest = Out<typeof UpdateUserRequest>;

/** `POST /Api/Sites/DeleteUser`. */
export const DeleteUserRequest = t.object({ UserName: t.string() });
export type DeleteUserRequest = Out<typeof DeleteUserRequest>;
