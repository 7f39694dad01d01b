package com.gahorouter.console.auth;

import java.util.UUID;

/** The {@code user} object of sign-in answers and {@code /api/me}. */
public record UserView(UUID id, String email, String name, Role role) {

	static UserView of(Account account) {
		return new UserView(account.id(), account.email(), account.name(), account.role());
	}

	static UserView of(ConsoleUser user) {
		return new UserView(user.userId(), user.email(), user.name(), user.role());
	}
}
