package com.gahorouter.console.system;

import sun.misc.Signal;

/**
 * Makes SIGTERM an orderly exit with status 0. The JVM's own handler runs the shutdown
 * hooks (Spring Boot's closes the context gracefully: readiness down, in-flight requests
 * finish, event streams end, the pool closes) and then exits with 143, which reads as a
 * failure to anything watching the process. Here SIGTERM calls {@code System.exit(0)}
 * instead, which runs the same hooks. Installed by {@code main} only, never in tests.
 */
public final class ExitOnSigterm {

	private ExitOnSigterm() {
	}

	public static void install() {
		Signal.handle(new Signal("TERM"), signal -> System.exit(0));
	}

}
