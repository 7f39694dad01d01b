package com.gahorouter.console.catalog;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;

import com.gahorouter.console.tenant.Region;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/admin/model-groups} and {@code PUT /api/admin/model-groups/{id}}: the
 * whole group.
 */
public record ModelGroupRequest(@NotBlank @Size(max = 64) String name, @NotBlank @Size(max = 64) String platform,
		@NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("1000") @Digits(integer = 4,
				fraction = 4) BigDecimal rateMultiplier,
		@NotNull Region serviceRegion, @NotNull Visibility visibility, @NotNull GroupStatus status,
		@NotEmpty @Size(max = 50) List<@NotBlank @Size(max = 128) String> models) {

	/**
	 * The group as stored: names trimmed, model ids trimmed and each listed once, in the
	 * order given.
	 */
	ModelGroupRequest normalized() {
		return new ModelGroupRequest(name.trim(), platform.trim(), rateMultiplier, serviceRegion, visibility, status,
				List.copyOf(new LinkedHashSet<>(models.stream().map(String::trim).toList())));
	}
}
