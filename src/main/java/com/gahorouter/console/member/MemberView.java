package com.gahorouter.console.member;

import java.time.Instant;
import java.util.UUID;

import com.gahorouter.console.auth.Account;
import com.gahorouter.console.auth.Role;

/** One entry of {@code GET /api/members}. */
public record MemberView(UUID id, String email, String name, Role role, Instant createdAt) {

	static MemberView of(Account account) {
		return new MemberView(account.id(), account.email(), account.name(), account.role(), account.createdAt());
	}
}
