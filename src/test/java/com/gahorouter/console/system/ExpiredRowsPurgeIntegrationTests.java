package com.gahorouter.console.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The purge deletes sessions, reset codes and invitations that are long dead (expired,
 * revoked, idle) and keeps every live one.
 */
class ExpiredRowsPurgeIntegrationTests extends IntegrationTest {

	@Autowired
	private ConsoleClient console;

	@Autowired
	private TestDatabase database;

	@Autowired
	private ExpiredRowsPurge purge;

	@Test
	void expiredSessionsResetCodesAndInvitationsArePurgedAndLiveOnesKept() {
		SignedIn admin = console.registerTenant("CN");
		InvitationLink liveInvitation = console.invite(admin, Map.of());
		Map<String, Object> user = Map.of("user", admin.userId());
		Map<String, Object> tenant = Map.of("tenant", admin.tenantId(), "user", admin.userId());
		String dead = "now() - interval '3 days'";
		session("expires_at", dead, user);
		session("revoked_at", dead, user);
		session("last_seen_at", dead, user);
		database.execute("insert into password_reset_codes (id, user_id, code_hash, expires_at) values "
				+ "(gen_random_uuid(), :user, repeat('a', 64), " + dead + "), "
				+ "(gen_random_uuid(), :user, repeat('b', 64), now() + interval '10 minutes')", user);
		database.execute("insert into invitations (id, tenant_id, token_hash, created_by, expires_at, max_uses) values "
				+ "(gen_random_uuid(), :tenant, md5(random()::text) || md5(random()::text), :user, " + dead + ", 1)",
				tenant);
		database.execute("insert into invitations (id, tenant_id, token_hash, created_by, expires_at, max_uses, "
				+ "revoked_at) values (gen_random_uuid(), :tenant, md5(random()::text) || md5(random()::text), :user, "
				+ "now() + interval '1 day', 1, " + dead + ")", tenant);

		purge.purgeOnce().block(Duration.ofSeconds(30));

		assertThat(database.count("select count(*) from sessions where user_id = :user", user)).isOne();
		console.me(admin).expectStatus().isOk();
		assertThat(database.count("select count(*) from password_reset_codes where user_id = :user", user)).isOne();
		assertThat(database.count("select count(*) from invitations where tenant_id = :tenant",
				Map.of("tenant", admin.tenantId())))
			.isOne();
		assertThat(database.count("select count(*) from invitations where id = :id", Map.of("id", liveInvitation.id())))
			.isOne();
	}

	private void session(String column, String value, Map<String, Object> user) {
		String expiresAt = column.equals("expires_at") ? value : "now() + interval '1 day'";
		String revokedAt = column.equals("revoked_at") ? value : "null";
		String lastSeenAt = column.equals("last_seen_at") ? value : "now()";
		database.execute("insert into sessions (id, token_hash, user_id, last_seen_at, expires_at, revoked_at) values "
				+ "(gen_random_uuid(), md5(random()::text) || md5(random()::text), :user, " + lastSeenAt + ", "
				+ expiresAt + ", " + revokedAt + ")", user);
	}

}
