package com.gahorouter.console.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.GatewayClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;

class UsageExportIntegrationTests extends IntegrationTest {

	private static final Instant DAY = Instant.parse("2026-04-15T00:00:00Z");

	private static final String RANGE = "from=2026-04-15T00:00:00Z&to=2026-04-16T00:00:00Z";

	private static final String HEADER = "hour,group_id,group_name,key_id,key_name,requests,input_tokens,output_tokens,cost";

	@Autowired
	private ConsoleClient console;

	@Autowired
	private OperatorClient operator;

	@Autowired
	private GatewayClient gateway;

	@Test
	void theCsvHasOneRowPerHourGroupAndKeyAndMatchesTheUsagePage() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		operator.adjustBalance(admin.tenantId(), "100.00");
		Map<String, Object> body = OperatorClient.group("OVERSEAS", "PUBLIC", "ACTIVE", "2.0");
		String groupName = "Smart, \"routed\" " + UUID.randomUUID();
		body.put("name", groupName);
		UUID group = operator.createGroup(body).id();
		UUID adminKey = console.createKey(admin, "Admin, key", group).id();
		SignedIn member = console.addMember(admin);
		UUID memberKey = console.createKey(member, "Member \"key\"", group).id();
		gateway.reportAt(adminKey, DAY.plusSeconds(600), 100, 10, "0.10");
		gateway.reportAt(adminKey, DAY.plusSeconds(1200), 200, 20, "0.20");
		gateway.reportAt(adminKey, DAY.plusSeconds(7300), 300, 30, "0.05");
		gateway.reportAt(memberKey, DAY.plusSeconds(7400), 1000, 100, "0.25");
		gateway.reportAt(memberKey, DAY.plusSeconds(90_000), 1, 1, "1.00"); // the next
																			// day:
																			// outside

		String csv = export(admin, RANGE);

		String quotedGroup = "\"Smart, \"\"routed\"\" " + groupName.substring(groupName.lastIndexOf(' ') + 1) + "\"";
		assertThat(csv.split("\r\n", -1)).containsExactly(HEADER,
				"2026-04-15T00:00:00Z," + group + "," + quotedGroup + "," + adminKey
						+ ",\"Admin, key\",2,300,30,0.600000",
				"2026-04-15T02:00:00Z," + group + "," + quotedGroup + "," + adminKey
						+ ",\"Admin, key\",1,300,30,0.100000",
				"2026-04-15T02:00:00Z," + group + "," + quotedGroup + "," + memberKey
						+ ",\"Member \"\"key\"\"\",1,1000,100,0.500000",
				"");
		List<List<String>> rows = parse(csv);
		Map<String, Object> totals = (Map<String, Object>) console.usage(admin, RANGE).get("totals");
		assertThat(rows.stream().mapToLong(row -> Long.parseLong(row.get(5))).sum())
			.isEqualTo(((Number) totals.get("requests")).longValue());
		assertThat(rows.stream().mapToLong(row -> Long.parseLong(row.get(6))).sum())
			.isEqualTo(((Number) totals.get("inputTokens")).longValue());
		assertThat(rows.stream().mapToLong(row -> Long.parseLong(row.get(7))).sum())
			.isEqualTo(((Number) totals.get("outputTokens")).longValue());
		assertThat(rows.stream().map(row -> new BigDecimal(row.get(8))).reduce(BigDecimal.ZERO, BigDecimal::add))
			.isEqualByComparingTo((String) totals.get("cost"));
		assertThat(rows).extracting(row -> row.get(2)).containsOnly(groupName);
	}

	@Test
	void aMemberExportsOnlyTheirOwnKeys() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		operator.adjustBalance(admin.tenantId(), "100.00");
		UUID group = operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "1.0").id();
		UUID adminKey = console.createKey(admin, "Admin key", group).id();
		SignedIn member = console.addMember(admin);
		UUID memberKey = console.createKey(member, "Member key", group).id();
		gateway.reportAt(adminKey, DAY.plusSeconds(60), 10, 1, "0.01");
		gateway.reportAt(memberKey, DAY.plusSeconds(60), 20, 2, "0.02");

		assertThat(parse(export(member, RANGE))).extracting(row -> row.get(3)).containsExactly(memberKey.toString());
		assertThat(parse(export(admin, RANGE))).extracting(row -> row.get(3))
			.containsExactlyInAnyOrder(adminKey.toString(), memberKey.toString());
		// Another tenant sees none of it.
		assertThat(parse(export(console.registerTenant("OVERSEAS"), RANGE))).isEmpty();
	}

	@Test
	void aBadRangeIsRefusedBeforeAnyCsv() {
		SignedIn admin = console.registerTenant("CN");
		console.get(admin, "/api/usage/export?from=2026-04-16T00:00:00Z&to=2026-04-15T00:00:00Z")
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED");
		console.get(admin, "/api/usage/export?from=2024-01-01T00:00:00Z&to=2026-04-15T00:00:00Z")
			.expectStatus()
			.isBadRequest();
		console.get(admin, "/api/usage/export?to=soon").expectStatus().isBadRequest();
		web.get().uri("/api/usage/export").exchange().expectStatus().isUnauthorized();
	}

	private String export(SignedIn user, String query) {
		return console.get(user, "/api/usage/export?" + query)
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.parseMediaType("text/csv"))
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	/** The data rows of the CSV, fields unquoted (RFC 4180). */
	private static List<List<String>> parse(String csv) {
		List<List<String>> rows = new ArrayList<>();
		List<String> row = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < csv.length(); i++) {
			char c = csv.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
					field.append('"');
					i++;
				}
				else if (c == '"') {
					quoted = false;
				}
				else {
					field.append(c);
				}
			}
			else if (c == '"') {
				quoted = true;
			}
			else if (c == ',') {
				row.add(field.toString());
				field.setLength(0);
			}
			else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
				row.add(field.toString());
				field.setLength(0);
				rows.add(row);
				row = new ArrayList<>();
				i++;
			}
			else {
				field.append(c);
			}
		}
		assertThat(rows.get(0)).isEqualTo(Arrays.asList(HEADER.split(",")));
		return rows.subList(1, rows.size());
	}

}
