package io.pryv.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The auth request, its permissions and the pending request: validation and the body sent. */
class AuthRequestTest {

	@Test
	void bodyHasTheFieldsThePlatformExpectsAndOnlyThoseSet() {
		AuthRequest request = new AuthRequest("my-app", List.of(new RequestedPermission("heart", "Heart", "read"),
				new RequestedPermission("*", null, "manage")), "fr", "https://app.example/back&", Map.of("k", "v"),
				"portal", "phone", Duration.ofHours(2));
		assertThat(request.toBody()).containsExactly(Map.entry("requestingAppId", "my-app"),
				Map.entry("requestedPermissions", List.of(Map.of("streamId", "heart", "defaultName", "Heart", "level", "read"),
						Map.of("streamId", "*", "level", "manage"))),
				Map.entry("languageCode", "fr"), Map.entry("returnURL", "https://app.example/back&"),
				Map.entry("clientData", Map.of("k", "v")), Map.entry("referer", "portal"),
				Map.entry("deviceName", "phone"), Map.entry("expireAfter", 7200L));
		assertThat(AuthRequest.of("my-app", null).toBody()).containsOnlyKeys("requestingAppId", "requestedPermissions");
	}

	@Test
	void copiesChangeOneThing() {
		AuthRequest base = AuthRequest.of("my-app", List.of(new RequestedPermission("heart", null, "read")));
		AuthRequest other = base.withReturnUrl("https://app.example/back#")
			.withClientData(Map.of("a", 1))
			.withPermissions(List.of(new RequestedPermission("diary", null, "contribute")));
		assertThat(other.appId()).isEqualTo("my-app");
		assertThat(other.returnUrl()).isEqualTo("https://app.example/back#");
		assertThat(other.clientData()).isEqualTo(Map.of("a", 1));
		assertThat(other.permissions()).extracting(RequestedPermission::streamId).containsExactly("diary");
		assertThat(base.returnUrl()).isNull();
		assertThat(base.permissions()).extracting(RequestedPermission::streamId).containsExactly("heart");
	}

	@Test
	void invalidInputIsRejectedWithTheReason() {
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(() -> AuthRequest.of(" ", List.of()))
			.withMessageContaining("app id");
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> AuthRequest.of("a", List.of()).withReturnUrl("https://app.example/back"))
			.withMessageContaining("must end with '?', '&' or '#'");
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> AuthRequest.of("a", List.of()).withReturnUrl("self#"))
			.withMessageContaining("absolute http(s) URL");
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> new AuthRequest("a", null, null, null, null, null, null, Duration.ZERO))
			.withMessageContaining("expireAfter");
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> new RequestedPermission("heart", "Heart", "write"))
			.withMessageContaining("Invalid level 'write' for stream 'heart': expected one of [read, contribute, manage, create-only]");
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(() -> new RequestedPermission("", null, "read"))
			.withMessageContaining("stream id");
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> new PendingAuth("k", null, "https://reg.pryv.me/access/k", 0, Instant.now()))
			.withMessageContaining("poll rate");
	}

	@Test
	void authStateToStringNeverShowsTheToken() {
		ApiEndpoint endpoint = ApiEndpoint.parse("https://s3cr3t@alice.pryv.me/");
		AuthState accepted = AuthState.accepted(null, endpoint, "alice");
		assertThat(accepted.toString()).contains("ACCEPTED", "alice", "alice.pryv.me").doesNotContain("s3cr3t");
		assertThat(accepted.isFinal()).isTrue();
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> AuthState.accepted(null, ApiEndpoint.parse("https://alice.pryv.me/"), "alice"));
	}

}
