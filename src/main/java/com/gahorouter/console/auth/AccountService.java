package com.gahorouter.console.auth;

import java.time.Instant;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

import com.gahorouter.console.system.Secrets;
import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ErrorCode;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * User accounts. One email is one account in one tenant: the unique index on
 * {@code lower(email)} decides, so concurrent sign-ups with one email give one account
 * and one {@code EMAIL_ALREADY_REGISTERED}. Other features (members, invitations) create
 * and remove accounts through this service.
 */
@Service
public class AccountService {

	private static final String COLUMNS = "id, tenant_id, email, name, password_hash, role, created_at";

	private final DatabaseClient db;

	private final PasswordHasher hasher;

	public AccountService(DatabaseClient db, PasswordHasher hasher) {
		this.db = db;
		this.hasher = hasher;
	}

	/**
	 * Fails with {@code EMAIL_ALREADY_REGISTERED} when the email (any case) has an
	 * account.
	 */
	public Mono<Void> requireEmailFree(String email) {
		return findByEmail(email).flatMap(existing -> Mono.<Void>error(emailTaken())).then();
	}

	public Mono<Account> findByEmail(String email) {
		return db.sql("select " + COLUMNS + " from users where lower(email) = lower(:email)")
			.bind("email", email.trim())
			.map(AccountService::toAccount)
			.one();
	}

	/** The tenant's users, oldest first. */
	public Flux<Account> findByTenant(UUID tenantId) {
		return db.sql("select " + COLUMNS + " from users where tenant_id = :tenantId order by created_at, email")
			.bind("tenantId", tenantId)
			.map(AccountService::toAccount)
			.all();
	}

	/**
	 * Creates an account; the password is hashed first (off the event loop). Joins the
	 * caller's transaction. {@code tenantId} is null only for the platform operator.
	 */
	public Mono<Account> create(UUID tenantId, String email, String name, String rawPassword, Role role) {
		return hasher.hash(rawPassword).flatMap(hash -> insert(tenantId, email, name, hash, role));
	}

	/**
	 * Inserts an account whose password is already hashed; joins the caller's
	 * transaction.
	 */
	public Mono<Account> insert(UUID tenantId, String email, String name, String passwordHash, Role role) {
		var spec = db
			.sql("insert into users (id, tenant_id, email, name, password_hash, role) "
					+ "values (:id, :tenantId, :email, :name, :passwordHash, :role) returning " + COLUMNS)
			.bind("id", Secrets.newId())
			.bind("email", email.trim())
			.bind("name", name.trim())
			.bind("passwordHash", passwordHash)
			.bind("role", role.name());
		spec = tenantId == null ? spec.bindNull("tenantId", UUID.class) : spec.bind("tenantId", tenantId);
		return spec.map(AccountService::toAccount).one().onErrorMap(DuplicateKeyException.class, e -> emailTaken());
	}

	/**
	 * Stores a new password hash; the caller revokes the user's sessions in the same
	 * transaction.
	 */
	Mono<Void> updatePasswordHash(UUID userId, String passwordHash) {
		return db.sql("update users set password_hash = :hash where id = :id")
			.bind("hash", passwordHash)
			.bind("id", userId)
			.then();
	}

	/**
	 * Deletes a member account of the tenant (its sessions go with it); false when there
	 * was none.
	 */
	public Mono<Boolean> deleteMember(UUID tenantId, UUID userId) {
		return db.sql("delete from users where id = :id and tenant_id = :tenantId and role = 'MEMBER'")
			.bind("id", userId)
			.bind("tenantId", tenantId)
			.fetch()
			.rowsUpdated()
			.map(count -> count > 0);
	}

	Mono<Boolean> systemAdminExists() {
		return db.sql("select exists (select 1 from users where role = 'SYSTEM_ADMIN') as present")
			.map(row -> row.get("present", Boolean.class))
			.one();
	}

	private static ApiException emailTaken() {
		return new ApiException(ErrorCode.EMAIL_ALREADY_REGISTERED, "This email already has an account.");
	}

	private static Account toAccount(Readable row) {
		return new Account(row.get("id", UUID.class), row.get("tenant_id", UUID.class), row.get("email", String.class),
				row.get("name", String.class), row.get("password_hash", String.class),
				Role.valueOf(row.get("role", String.class)), row.get("created_at", Instant.class));
	}

}
