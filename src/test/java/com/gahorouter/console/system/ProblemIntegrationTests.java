package com.gahorouter.console.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every failure, framework-made ones included, is problem+json with a contract code and
 * nothing internal.
 */
class ProblemIntegrationTests extends IntegrationTest {

	@Autowired
	private ConsoleClient console;

	@LocalServerPort
	private int port;

	private String base() {
		return "http://127.0.0.1:" + port;
	}

	@Test
	void unknownRouteIsNotFound() {
		SignedIn admin = console.registerTenant("CN");
		expectProblem(web.get().uri("/api/nothing-here").headers(h -> h.setBearerAuth(admin.token())).exchange(),
				HttpStatus.NOT_FOUND, "NOT_FOUND");
		expectProblem(web.get().uri("/no/such/page").exchange(), HttpStatus.NOT_FOUND, "NOT_FOUND");
	}

	@Test
	void wrongMethodIsAProblem() {
		SignedIn admin = console.registerTenant("CN");
		expectProblem(web.delete().uri("/api/me").headers(h -> h.setBearerAuth(admin.token())).exchange(),
				HttpStatus.NOT_FOUND, "NOT_FOUND");
		// Security runs before routing: without a token, a protected path is 401 whatever
		// the method.
		expectProblem(web.delete().uri("/api/auth/login").exchange(), HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED");
	}

	@Test
	void malformedJsonIsMalformedRequest() {
		expectProblem(web.post()
			.uri("/api/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"email\": \"a@b.c\", ")
			.exchange(), HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST")
			.jsonPath("$.detail")
			.value(detail -> org.assertj.core.api.Assertions.assertThat((String) detail)
				.doesNotContain("Exception")
				.doesNotContain("jackson"));
		expectProblem(web.post()
			.uri("/api/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("[1, 2]")
			.exchange(), HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST");
		expectProblem(web.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON).exchange(),
				HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST");
	}

	@Test
	void unsupportedMediaTypeIsAProblem() {
		expectProblem(
				web.post().uri("/api/auth/login").contentType(MediaType.TEXT_PLAIN).bodyValue("email=a@b.c").exchange(),
				HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE");
	}

	@Test
	void anUnreadableContentTypeIsUnsupportedMediaType() throws Exception {
		// Sent raw: WebTestClient refuses to send a Content-Type it cannot parse.
		HttpClient http = HttpClient.newHttpClient();
		for (String contentType : new String[] { "foo", "application/json;charset=nope" }) {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/auth/login"))
				.header(HttpHeaders.CONTENT_TYPE, contentType)
				.POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"a@b.c\", \"password\": \"p\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(contentType).isEqualTo(415);
			assertThat(response.headers().firstValue(HttpHeaders.CONTENT_TYPE)).contains("application/problem+json");
			assertThat(response.body()).contains("\"code\":\"UNSUPPORTED_MEDIA_TYPE\"");
		}
	}

	@Test
	void bodyOverSixtyFourKibibytesIsRefused() {
		String huge = "{\"email\": \"" + "a".repeat(70 * 1024) + "@x.com\", \"password\": \"p\"}";
		expectProblem(
				web.post().uri("/api/auth/login").contentType(MediaType.APPLICATION_JSON).bodyValue(huge).exchange(),
				HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE");
	}

	@Test
	void securityRefusalsAreProblems() {
		SignedIn admin = console.registerTenant("CN");
		expectProblem(web.get().uri("/api/members").exchange(), HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED");
		expectProblem(web.get().uri("/api/admin/tenants").headers(h -> h.setBearerAuth(admin.token())).exchange(),
				HttpStatus.FORBIDDEN, "FORBIDDEN");
	}

	@Test
	void validationProblemsListTheirFields() {
		expectProblem(web.post()
			.uri("/api/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", ""))
			.exchange(), HttpStatus.BAD_REQUEST, "VALIDATION_FAILED").jsonPath("$.errors[0].field")
			.isEqualTo("email")
			.jsonPath("$.errors[1].field")
			.isEqualTo("password");
	}

	private static WebTestClient.BodyContentSpec expectProblem(WebTestClient.ResponseSpec response, HttpStatus status,
			String code) {
		return response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isNotEmpty()
			.jsonPath("$.title")
			.isNotEmpty()
			.jsonPath("$.status")
			.isEqualTo(status.value())
			.jsonPath("$.detail")
			.isNotEmpty()
			.jsonPath("$.code")
			.isEqualTo(code)
			.jsonPath("$.trace")
			.doesNotExist()
			.jsonPath("$.exception")
			.doesNotExist();
	}

}
