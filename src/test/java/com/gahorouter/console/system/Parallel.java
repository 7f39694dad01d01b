package com.gahorouter.console.system;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Runs a number of blocking test calls at once, each on a plain thread of its own (never
 * an event loop), released together, and answers their results in order.
 */
public final class Parallel {

	private Parallel() {
	}

	public static <T> List<T> run(int calls, IntFunction<T> call) {
		ExecutorService threads = Executors.newFixedThreadPool(calls);
		try {
			CompletableFuture<Void> start = new CompletableFuture<>();
			List<CompletableFuture<T>> results = IntStream.range(0, calls)
				.mapToObj(i -> start.thenApplyAsync(ignored -> call.apply(i), threads))
				.toList();
			start.complete(null);
			return results.stream().map(CompletableFuture::join).toList();
		}
		finally {
			threads.shutdownNow();
		}
	}

}
