/**
 * The procedures subgraph's codegen options: GraphQL enum values as the domain's (the resolvers map
 * `GENERIC` ↔ `generic` at runtime with `enumResolver` in app.module.ts), and the domain objects as the
 * parents of the entity types, so resolvers return the domain's shapes, typed.
 */
const upper = (values: readonly string[]) => Object.fromEntries(values.map((v) => [v.toUpperCase(), v]));

export default {
  enumValues: {
    ProcedureKind: upper([
      'generic',
      'document_access',
      'simple_civic_access',
      'generalised_civic_access',
      'review_request',
    ]),
    ProcedureSilenceRule: upper(['none', 'silent_assent', 'silent_refusal']),
    ProcedureInitiative: upper(['party', 'office']),
    ProcedureOutcome: upper([
      'accepted',
      'partly_accepted',
      'rejected',
      'deferred',
      'inadmissible',
      'silent_assent',
    ]),
    ProcedureStatus: upper(['submitted', 'started', 'suspended', 'decided']),
    ProcedureClockPhase: upper(['ordinary', 'substitute']),
  },
  mappers: {
    Procedure: '../procedure/procedure.view#ProcedureView',
    ProcedureDocument: '../procedure/procedure.view#ProcedureDocumentView',
    ProcedureType: '../catalogue/procedure-type.rules#ProcedureType',
  },
};
