package com.gahorouter.console.auth;

/**
 * The answer of register, login and invitation accept: a new session token and who it
 * signs in.
 */
public record SignIn(String token, UserView user, SignInTenant tenant) {
}
