import { z } from 'zod';
import { CountryCode, Id, LanguageCode, Timestamp, withPolicies } from './common.ts';
import { AgencyKind, ClearanceLevel, Role } from './roles.ts';

export const Email = z
  .email()
  .max(254)
  .transform((e) => e.toLowerCase());
/** Length is checked here; strength and the common-password list on the server, which says why. */
export const NewPassword = z
  .string()
  .min(12, 'At least 12 characters')
  .max(1024, 'At most 1024 characters (no truncation happens below that)');

export const Jurisdiction = z.object({
  code: CountryCode,
  name: z.string(),
  exercise: z.boolean(),
});
export const CreateJurisdiction = z
  .object({ code: CountryCode, name: z.string().trim().min(2).max(120) })
  .strict();

export const Agency = z.object({
  id: Id,
  name: z.string(),
  shortName: z.string().nullable(),
  kind: AgencyKind,
  jurisdiction: CountryCode,
  parentId: Id.nullable(),
  exercise: z.boolean(),
  createdAt: Timestamp,
});
export type Agency = z.infer<typeof Agency>;
export const CreateAgency = z
  .object({
    name: z.string().trim().min(2).max(200),
    shortName: z.string().min(1).max(40).optional(),
    kind: AgencyKind,
    jurisdiction: CountryCode,
    parentId: Id.optional(),
  })
  .strict();
export const UpdateAgency = z
  .object({
    name: z.string().trim().min(2).max(200).optional(),
    shortName: z.string().min(1).max(40).nullable().optional(),
    parentId: Id.nullable().optional(),
  })
  .strict();
export const AgencyResponse = withPolicies(Agency);
export const AgencyListResponse = z.object({ items: z.array(AgencyResponse) });

export const Unit = z.object({ id: Id, agencyId: Id, name: z.string(), createdAt: Timestamp });
export const CreateUnit = z.object({ agencyId: Id, name: z.string().trim().min(2).max(200) }).strict();

export const User = z.object({
  id: Id,
  email: z.string(),
  displayName: z.string(),
  agencyId: Id,
  unitId: Id.nullable(),
  roles: z.array(Role),
  clearance: ClearanceLevel,
  languages: z.array(LanguageCode),
  status: z.enum(['active', 'locked', 'disabled']),
  mfaEnrolled: z.boolean(),
  exercise: z.boolean(),
  createdAt: Timestamp,
  lastLoginAt: Timestamp.nullable(),
});
export type User = z.infer<typeof User>;
export const CreateUser = z
  .object({
    email: Email,
    displayName: z.string().min(2).max(200),
    agencyId: Id,
    unitId: Id.optional(),
    roles: z.array(Role).min(1).max(9),
    clearance: ClearanceLevel.default(0),
    languages: z.array(LanguageCode).max(24).default([]),
    password: NewPassword,
  })
  .strict();
export const UpdateUser = z
  .object({
    displayName: z.string().min(2).max(200).optional(),
    unitId: Id.nullable().optional(),
    roles: z.array(Role).min(1).max(9).optional(),
    clearance: ClearanceLevel.optional(),
    languages: z.array(LanguageCode).max(24).optional(),
    status: z.enum(['active', 'disabled']).optional(),
  })
  .strict();
export const UserResponse = withPolicies(User);
export const UserListResponse = z.object({ items: z.array(UserResponse) });
export const UserListQuery = z
  .object({
    agencyId: Id.optional(),
    q: z
      .string()
      .max(200)
      .optional()
      .describe(
        'Words found in the name or the e-mail, without case or accents (punctuation separates words)',
      ),
  })
  .strict();

// ── Sign-in ───────────────────────────────────────────────────────────────────────────────
export const LoginBody = z.object({ email: Email, password: z.string().min(1).max(1024) }).strict();
export const SessionState = z.enum(['active', 'mfa-required', 'mfa-enrolment-required']);
export const LoginResponse = z.object({
  state: SessionState,
  csrfToken: z.string(),
});
export const MfaVerifyBody = z
  .object({
    code: z
      .string()
      .regex(/^\d{6}$/, 'Six digits')
      .optional(),
    recoveryCode: z.string().min(8).max(32).optional(),
  })
  .strict()
  .refine((b) => Boolean(b.code) !== Boolean(b.recoveryCode), 'Give either a code or a recovery code');
export const MfaEnrolStartResponse = z.object({ secret: z.string(), otpauthUri: z.string() });
export const MfaEnrolConfirmBody = z.object({ code: z.string().regex(/^\d{6}$/, 'Six digits') }).strict();
export const MfaEnrolConfirmResponse = z.object({ recoveryCodes: z.array(z.string()) });
export const UnlockBody = z.object({ password: z.string().min(1).max(1024) }).strict();
export const ChangePasswordBody = z
  .object({ currentPassword: z.string().min(1).max(1024), newPassword: NewPassword })
  .strict();

export const MeResponse = z.object({
  user: User,
  agency: Agency,
  jurisdiction: z.object({ code: CountryCode, name: z.string() }),
  permissions: z.array(z.string()),
  session: z.object({
    kind: z.enum(['session', 'token']),
    state: SessionState,
    csrfToken: z.string().nullable(),
    idleExpiresAt: Timestamp.nullable(),
    expiresAt: Timestamp.nullable(),
  }),
});

// ── Personal API tokens ─────────────────────────────────────────────────────────────────
export const tokenScopes = ['read', 'write', 'admin', 'audit'] as const;
export const TokenScope = z.enum(tokenScopes);
export type TokenScope = z.infer<typeof TokenScope>;
export const ApiToken = z.object({
  id: Id,
  name: z.string(),
  scopes: z.array(TokenScope),
  prefix: z.string(),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  lastUsedAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
});
export const CreateApiToken = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(TokenScope).min(1),
    expiresInDays: z.number().int().min(1).max(365).default(90),
  })
  .strict();
export const CreateApiTokenResponse = z.object({ token: z.string(), apiToken: ApiToken });
export const ApiTokenListResponse = z.object({ items: z.array(ApiToken) });

/** First administrator of a new node, with the one-time code printed in the server console. */
export const BootstrapBody = z
  .object({
    code: z.string().trim().min(10).max(100),
    email: Email,
    displayName: z.string().min(2).max(200),
    password: NewPassword,
    agency: z
      .object({
        name: z.string().min(2).max(200),
        kind: AgencyKind,
        jurisdiction: CountryCode,
        jurisdictionName: z.string().min(2).max(120),
      })
      .strict(),
  })
  .strict();

/**
 * An agency a request can be sent to: on this node (`node` null) or on a partner node, as that
 * node's published document describes it (its kind is the partner's own word for it).
 */
export const Recipient = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  jurisdiction: CountryCode,
  node: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export type Recipient = z.infer<typeof Recipient>;
/** `state` left out: the agencies of every state. */
export const RecipientQuery = z.object({ state: CountryCode.optional() }).strict();
export const RecipientListResponse = z.object({ items: z.array(Recipient) });
