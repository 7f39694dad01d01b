package com.gahorouter.console.auth;

import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import com.gahorouter.console.system.Secrets;
import com.gahorouter.console.system.SqlParameters;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL of {@code users}. Writes join the caller's transaction; a second account for one
 * email (any case) fails with {@code DuplicateKeyException} (unique index on
 * {@code lower(email)}).
 */
@Repository
class AccountRepository {

	private static final String COLUMNS = "id, tenant_id, email, name, password_hash, role, created_at";

	private final DatabaseClient db;

	AccountRepository(DatabaseClient db) {
		this.db = db;
	}

	Mono<Account> findByEmail(String email) {
		return db.sql("""
				select %s from users where lower(email) = lower(:email)
				""".formatted(COLUMNS)).bind("email", email).map(AccountRepository::toAccount).one();
	}

	/** The tenant's users, oldest first. */
	Flux<Account> findByTenant(UUID tenantId) {
		return db.sql("""
				select %s from users where tenant_id = :tenantId order by created_at, email
				""".formatted(COLUMNS)).bind("tenantId", tenantId).map(AccountRepository::toAccount).all();
	}

	/**
	 * The admins of any of these tenants, each tenant's oldest first, in one statement.
	 */
	Flux<Account> findAdmins(Collection<UUID> tenantIds) {
		return db.sql("""
				select %s from users where tenant_id = any(:tenantIds) and role = 'TENANT_ADMIN'
				order by tenant_id, created_at, email
				""".formatted(COLUMNS))
			.bind("tenantIds", SqlParameters.uuidArray(tenantIds))
			.map(AccountRepository::toAccount)
			.all();
	}

	/**
	 * One page of the tenant's users, oldest first: at most {@code limit} after the user
	 * {@code before} (null: from the first); a {@code before} that is no user of the
	 * tenant gives an empty page.
	 */
	Flux<Account> findPage(UUID tenantId, int limit, UUID before) {
		return db.sql("""
				select %s from users
				where tenant_id = :tenantId
				  and (cast(:before as uuid) is null or (created_at, email) >
				       (select c.created_at, c.email from users c where c.id = :before and c.tenant_id = :tenantId))
				order by created_at, email
				limit :limit
				""".formatted(COLUMNS))
			.bind("tenantId", tenantId)
			.bind("before", SqlParameters.nullable(before, UUID.class))
			.bind("limit", limit)
			.map(AccountRepository::toAccount)
			.all();
	}

	/** How many users the tenant has, its admin included. */
	Mono<Long> countByTenant(UUID tenantId) {
		return db.sql("""
				select count(*) from users where tenant_id = :tenantId
				""").bind("tenantId", tenantId).map(row -> row.get(0, Long.class)).one();
	}

	/** Inserts an account; {@code tenantId} is null only for the platform operator. */
	Mono<Account> insert(UUID tenantId, String email, String name, String passwordHash, Role role) {
		return db.sql("""
				insert into users (id, tenant_id, email, name, password_hash, role)
				values (:id, :tenantId, :email, :name, :passwordHash, :role)
				returning %s
				""".formatted(COLUMNS))
			.bind("id", Secrets.newId())
			.bind("tenantId", SqlParameters.nullable(tenantId, UUID.class))
			.bind("email", email)
			.bind("name", name)
			.bind("passwordHash", passwordHash)
			.bind("role", role.name())
			.map(AccountRepository::toAccount)
			.one();
	}

	Mono<Void> updatePasswordHash(UUID userId, String passwordHash) {
		return db.sql("""
				update users set password_hash = :hash where id = :id
				""").bind("hash", passwordHash).bind("id", userId).then();
	}

	/**
	 * Deletes a {@code MEMBER} of the tenant (its sessions go with it, by foreign key);
	 * false when there was none.
	 */
	Mono<Boolean> deleteMember(UUID tenantId, UUID userId) {
		return db.sql("""
				delete from users where id = :id and tenant_id = :tenantId and role = 'MEMBER'
				""").bind("id", userId).bind("tenantId", tenantId).fetch().rowsUpdated().map(count -> count > 0);
	}

	Mono<Boolean> systemAdminExists() {
		return db.sql("""
				select exists (select 1 from users where role = 'SYSTEM_ADMIN') as present
				""").map(row -> row.get("present", Boolean.class)).one();
	}

	private static Account toAccount(Readable row) {
		return new Account(row.get("id", UUID.class), row.get("tenant_id", UUID.class), row.get("email", String.class),
				row.get("name", String.class), row.get("password_hash", String.class),
				Role.valueOf(row.get("role", String.class)), row.get("created_at", Instant.class));
	}

}
