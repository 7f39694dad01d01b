package com.gahorouter.console.apikey;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A key's charged cost on one UTC day (of the calls' {@code occurredAt}), summed over a
 * usage window.
 */
public record KeySpend(UUID keyId, LocalDate day, BigDecimal amount) {
}
