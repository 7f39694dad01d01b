package com.gahorouter.console.member;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;

/**
 * {@code GET /api/api-keys}, {@code /api/members} and {@code /api/invitations} are paged:
 * {@code limit} (1–200, default 50) items after {@code before} (the last id seen), in the
 * list's own order, still a plain array.
 */
class ListPagingIntegrationTests extends IntegrationTest {

	private static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_ARRAY = new ParameterizedTypeReference<>() {
	};

	@Autowired
	private ConsoleClient console;

	@Autowired
	private OperatorClient operator;

	@Test
	void keysArePagedWithLimitAndBeforeAndDefaultToFifty() {
		SignedIn admin = console.registerTenant("CN");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		for (int i = 0; i < 52; i++) {
			console.createKey(admin, "key " + i, group);
		}
		List<String> all = walk(admin, "/api/api-keys", 7);

		assertThat(all).hasSize(52).doesNotHaveDuplicates();
		assertThat(page(admin, "/api/api-keys")).hasSize(50);
		assertThat(page(admin, "/api/api-keys?limit=200")).hasSize(52);
	}

	@Test
	void membersArePagedWithLimitAndBefore() {
		SignedIn admin = console.registerTenant("CN");
		for (int i = 0; i < 4; i++) {
			console.addMember(admin);
		}
		List<String> all = walk(admin, "/api/members", 2);

		assertThat(all).hasSize(5).doesNotHaveDuplicates().first().isEqualTo(admin.userId().toString());
		assertThat(ids(page(admin, "/api/members?limit=200"))).isEqualTo(all);
	}

	@Test
	void invitationsArePagedWithLimitAndBefore() {
		SignedIn admin = console.registerTenant("CN");
		for (int i = 0; i < 5; i++) {
			console.invite(admin, Map.of());
		}
		List<String> all = walk(admin, "/api/invitations", 2);

		assertThat(all).hasSize(5).doesNotHaveDuplicates();
		assertThat(ids(page(admin, "/api/invitations?limit=200"))).isEqualTo(all);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/api-keys", "/api/members", "/api/invitations" })
	void aLimitOutsideOneToTwoHundredOrABadCursorIsRefusedNamingIt(String list) {
		SignedIn admin = console.registerTenant("CN");
		for (String limit : new String[] { "0", "201", "-1", "ten" }) {
			console.get(admin, list + "?limit=" + limit)
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("VALIDATION_FAILED")
				.jsonPath("$.errors[0].field")
				.isEqualTo("limit");
		}
		console.get(admin, list + "?before=not-an-id")
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("before");
	}

	/** Every id of the list, page by page of {@code limit}. */
	private List<String> walk(SignedIn user, String list, int limit) {
		List<String> seen = new ArrayList<>();
		String before = null;
		while (true) {
			List<Map<String, Object>> page = page(user,
					list + "?limit=" + limit + (before == null ? "" : "&before=" + before));
			assertThat(page.size()).isLessThanOrEqualTo(limit);
			seen.addAll(ids(page));
			if (page.size() < limit) {
				return seen;
			}
			before = (String) page.get(page.size() - 1).get("id");
		}
	}

	private List<Map<String, Object>> page(SignedIn user, String uri) {
		return console.get(user, uri).expectStatus().isOk().expectBody(JSON_ARRAY).returnResult().getResponseBody();
	}

	private static List<String> ids(List<Map<String, Object>> page) {
		return page.stream().map(item -> (String) item.get("id")).toList();
	}

}
