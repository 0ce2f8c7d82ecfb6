/**
 * The TM Forum facade's domain: pure mappings, parsing and body builders, no I/O, no clock.
 *
 * Why: an operator's BSS (its business support system: CRM, order management, inventory) is
 * built around TM Forum's Open APIs, not around lastcall's own API. TMF622 (Product Ordering)
 * is how a BSS asks for a change to a customer's products, here a ProductOrder with one
 * 'delete' item naming the line to cancel; TMF637 (Product Inventory) is how it reads the
 * products a customer holds, here the line and its status. Speaking both lets a BSS drive
 * cancellations and follow them (by polling or through the TMF hub events) with the clients it
 * already has, while lastcall keeps its own rules: the order becomes a case that is reviewed
 * like any other, and the order's state is only ever the case's state read the TMF way.
 *
 * Split in two: tmf-order.ts (TMF622 and the TMF630 error shape) and tmf-product.ts (TMF637).
 */
export * from './tmf-order.js';
export * from './tmf-product.js';
