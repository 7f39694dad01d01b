package com.gahorouter.console.billing;

/**
 * A payment provider's answer to a new order.
 *
 * @param reference the provider's id of the payment (unique across orders)
 * @param paymentUrl where the payer goes to pay, or null when no payer action is needed
 * @param paid true when the provider has already taken the money (the order is credited
 * at once)
 */
public record ProviderOrder(String reference, String paymentUrl, boolean paid) {
}
