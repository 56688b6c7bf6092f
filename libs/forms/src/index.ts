export { FormField, FormFields, FormFieldType } from './form-field';
export { validateSubmission, isValidDate } from './validate-submission';
export type { SubmissionError, SubmissionResult, SubmittedFile } from './validate-submission';
