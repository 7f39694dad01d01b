package com.gahorouter.console.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Base of every test that starts the server: the real HTTP stack on a random port, the one embedded
 * PostgreSQL of this JVM, a local Turnstile stand-in and GreenMail for SMTP. Subclasses that add no
 * properties share one application context. Each test makes its own tenant with unique emails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ActiveProfiles("test")
public abstract class IntegrationTest {

    protected static final String PASSWORD = "violet kangaroo sandwich 42";
    protected static final TurnstileStub TURNSTILE = TurnstileStub.start();
    protected static final GreenMail MAIL = startMail();
    protected static final String OPERATOR_EMAIL = "operator@gahorouter.test";
    protected static final String OPERATOR_PASSWORD = "operator test password 2026";
    private static volatile String operatorToken;

    @Autowired
    private WebTestClient defaultClient;

    @Autowired
    protected DatabaseClient db;

    protected WebTestClient web;

    /** The actuator's port (management.server.port; 0 in the test profile, so a free one). */
    @LocalManagementPort
    protected int managementPort;

    @DynamicPropertySource
    static void externalServices(DynamicPropertyRegistry registry) {
        registry.add("gahorouter.turnstile.verify-url", TURNSTILE::url);
        registry.add("gahorouter.turnstile.secret-key", () -> TurnstileStub.SECRET);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
    }

    @BeforeEach
    void longerTimeout() {
        // Argon2 on 2 shared cores under concurrent tests can take longer than the 5 s default.
        web = defaultClient.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    /** A client of the management port, where the actuator lives (never exposed publicly). */
    protected WebTestClient management() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + managementPort)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    /** A unique email on a domain of its own, so mailboxes and accounts never collide between tests. */
    protected static String uniqueEmail(String name) {
        return name + "@" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
    }

    /** A registration body that passes every rule; tests override one field at a time. */
    protected static Map<String, Object> registration(String email, String region) {
        return new HashMap<>(Map.of(
                "email", email,
                "password", PASSWORD,
                "tenantName", "Tenant " + email.substring(0, email.indexOf('@')),
                "contactName", "Contact Person",
                "contactPhone", "+86 138-0013-8000",
                "region", region,
                "turnstileToken", TurnstileStub.PASS,
                "agreementAccepted", true));
    }

    /** Registers a new tenant through the API and returns the sign-in answer. */
    protected SignedIn registerTenant(String region) {
        return registerTenant(uniqueEmail("admin"), region);
    }

    protected SignedIn registerTenant(String email, String region) {
        Map<String, Object> answer = web.post().uri("/api/auth/register")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(registration(email, region))
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.CREATED)
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();
        return SignedIn.of(answer);
    }

    /** Adds a member to the admin's tenant and signs them in. */
    protected SignedIn addMember(SignedIn admin) {
        String email = uniqueEmail("member");
        web.post().uri("/api/members")
                .headers(h -> h.setBearerAuth(admin.token()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "name", "Member", "password", PASSWORD))
                .exchange()
                .expectStatus().isCreated();
        return login(email, PASSWORD);
    }

    protected SignedIn login(String email, String password) {
        Map<String, Object> answer = web.post().uri("/api/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", password))
                .exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();
        return SignedIn.of(answer);
    }

    /** The platform operator's session token (the test profile's bootstrap account), signed in once per JVM. */
    protected String operatorToken() {
        String token = operatorToken;
        if (token == null) {
            token = login(OPERATOR_EMAIL, OPERATOR_PASSWORD).token();
            operatorToken = token;
        }
        return token;
    }

    /** A JSON request as the platform operator. */
    protected WebTestClient.RequestBodySpec asOperator(WebTestClient.RequestBodySpec spec) {
        return spec.headers(h -> h.setBearerAuth(operatorToken())).contentType(MediaType.APPLICATION_JSON);
    }

    /** Creates a model group with a unique name through the operator API and returns its id. */
    protected UUID createGroup(String serviceRegion, String visibility, String status, String rateMultiplier) {
        Map<String, Object> body = Map.of(
                "name", "Group " + UUID.randomUUID(),
                "platform", "Test platform",
                "rateMultiplier", rateMultiplier,
                "serviceRegion", serviceRegion,
                "visibility", visibility,
                "status", status,
                "models", List.of("model-a", "model-b"));
        Map<String, Object> group = asOperator(web.post().uri("/api/admin/model-groups")).bodyValue(body).exchange()
                .expectStatus().isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();
        return UUID.fromString((String) group.get("id"));
    }

    /** Credits (or debits) the tenant through an operator balance adjustment. */
    protected void adjustBalance(UUID tenantId, String amount) {
        asOperator(web.post().uri("/api/admin/tenants/{id}/balance-adjustments", tenantId))
                .bodyValue(Map.of("amount", amount, "reason", "test credit"))
                .exchange()
                .expectStatus().isCreated();
    }

    /** Polls until the condition holds, failing after the limit; no fixed sleep. */
    protected static void await(BooleanSupplier condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Condition not met within " + limit);
            }
            Thread.onSpinWait();
        }
    }

    /** Counts rows with a query that returns one {@code count(*)}. */
    protected long count(String sql, Map<String, Object> parameters) {
        var spec = db.sql(sql);
        for (var entry : parameters.entrySet()) {
            spec = spec.bind(entry.getKey(), entry.getValue());
        }
        return spec.map(row -> row.get(0, Long.class)).one().block(Duration.ofSeconds(10));
    }

    private static GreenMail startMail() {
        GreenMail mail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        return mail;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a sign-in answer tells a test. */
    public record SignedIn(String token, UUID userId, String email, String role, UUID tenantId, String region) {

        @SuppressWarnings("unchecked")
        static SignedIn of(Map<String, Object> answer) {
            Map<String, Object> user = (Map<String, Object>) answer.get("user");
            Map<String, Object> tenant = (Map<String, Object>) answer.get("tenant");
            return new SignedIn((String) answer.get("token"), UUID.fromString((String) user.get("id")),
                    (String) user.get("email"), (String) user.get("role"),
                    tenant == null ? null : UUID.fromString((String) tenant.get("id")),
                    tenant == null ? null : (String) tenant.get("region"));
        }
    }
}
