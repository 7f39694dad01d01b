package com.gahorouter.console.gateway;

import java.util.ArrayList;
import java.util.List;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;

import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ErrorCode;
import com.gahorouter.console.system.RequestValidator;
import com.gahorouter.console.usage.UsageOutcome;
import com.gahorouter.console.usage.UsageReport;

import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code POST /internal/usage/batch}: {@code {reports: [...]}} with up to
 * {@value #MAX_REPORTS} reports in a body of up to 1 MiB (the one route allowed more than
 * the 64 KiB of the others). Each report is read and validated on its own, so one with a
 * bad field is {@code REJECTED} without affecting the others; a body that is not such an
 * object is refused whole.
 */
@Component
class UsageBatch {

	static final int MAX_REPORTS = 1000;

	static final int MAX_BODY_BYTES = 1024 * 1024;

	private final JsonMapper json;

	private final RequestValidator validator;

	UsageBatch(JsonMapper json, RequestValidator validator) {
		this.json = json;
		this.validator = validator;
	}

	/** The batch, each entry either a valid report or its rejection. */
	Mono<List<Entry>> read(ServerRequest request) {
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), MAX_BODY_BYTES)
			.switchIfEmpty(Mono.error(RequestValidator::missingBody))
			.map(this::parse);
	}

	private List<Entry> parse(DataBuffer body) {
		JsonNode root;
		try {
			byte[] bytes = new byte[body.readableByteCount()];
			body.read(bytes);
			root = json.readTree(bytes);
		}
		catch (JacksonException e) {
			throw new ApiException(ErrorCode.MALFORMED_REQUEST, "The body is not valid JSON.");
		}
		finally {
			DataBufferUtils.release(body);
		}
		JsonNode reports = root == null ? null : root.get("reports");
		if (reports == null || !reports.isArray()) {
			throw ApiException.validation("reports", "must be an array of usage reports");
		}
		if (reports.isEmpty() || reports.size() > MAX_REPORTS) {
			throw ApiException.validation("reports", "must hold 1 to " + MAX_REPORTS + " reports");
		}
		List<Entry> entries = new ArrayList<>(reports.size());
		for (JsonNode node : reports) {
			entries.add(entry(node));
		}
		return entries;
	}

	private Entry entry(JsonNode node) {
		JsonNode id = node.get("requestId");
		String requestId = id != null && id.isString() ? id.asString() : null;
		UsageReport report;
		try {
			report = json.treeToValue(node, UsageReport.class);
		}
		catch (JacksonException e) {
			return Entry.rejected(new UsageOutcome(requestId, UsageOutcome.Outcome.REJECTED,
					ErrorCode.MALFORMED_REQUEST.name(), "Not a usage report: a field has the wrong type."));
		}
		if (report == null) {
			return Entry.rejected(new UsageOutcome(requestId, UsageOutcome.Outcome.REJECTED,
					ErrorCode.MALFORMED_REQUEST.name(), "Not a usage report."));
		}
		List<ApiException.FieldError> errors = validator.violations(report);
		if (!errors.isEmpty()) {
			ApiException.FieldError first = errors.get(0);
			return Entry.rejected(UsageOutcome.rejected(requestId, ErrorCode.VALIDATION_FAILED.name(), first.field(),
					first.message()));
		}
		return new Entry(report, null);
	}

	/** A report to record, or the outcome of one refused as it was read. */
	record Entry(UsageReport report, UsageOutcome rejection) {

		static Entry rejected(UsageOutcome rejection) {
			return new Entry(null, rejection);
		}

	}

	/** The answer of {@code POST /internal/usage/batch}. */
	record Results(List<UsageOutcome> results) {
	}

}
