// The form kit (decision 038): a schema form, its fields, its submit button, the server's field errors and the
// guard of unsaved changes. A screen imports what it uses from here.
export {
  useSchemaForm,
  SchemaForm,
  focusFirstInvalidIn,
  fieldError,
  type KitForm,
  type FieldMessages,
} from './form.tsx';
export { applyServerErrors, bodyField, serverMessages, type FieldOf } from './server-errors.ts';
export {
  TextInput,
  TextAreaInput,
  SelectInput,
  CheckboxGroupInput,
  RadioGroupInput,
  DateField,
  MoneyField,
  PhoneField,
  WholeNumberField,
} from './fields.tsx';
export { SubmitButton } from './SubmitButton.tsx';
export { useDirtyGuard } from './dirty-guard.ts';
