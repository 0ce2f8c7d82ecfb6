/** The PDFs a customer keeps: the application form to sign and the receipt of an application. */
export { renderApplicationForm, applicationFormTitle, type ApplicationFormInput } from './application-form.js';
export {
  acknowledgementTexts,
  canonicalReceiptJson,
  receiptDigest,
  receiptTitle,
  renderReceipt,
  type ReceiptContent,
} from './receipt.js';
