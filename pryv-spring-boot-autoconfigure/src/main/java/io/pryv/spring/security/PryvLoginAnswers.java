package io.pryv.spring.security;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import io.pryv.client.AuthState;
import io.pryv.client.PendingAuth;

import org.springframework.security.core.AuthenticationException;

/**
 * The JSON answers of the sign-in endpoints (popup flow, status endpoint), for
 * both stacks: {@code {status, authUrl?, pollRateMs?, username?, reasonId?,
 * message?}}. Never a token or an API endpoint.
 */
final class PryvLoginAnswers {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private PryvLoginAnswers() {
	}

	/** A sign-in started for a page that opens the consent page itself. */
	static Map<String, Object> started(PendingAuth pending) {
		Map<String, Object> body = waiting(pending);
		body.put("authUrl", pending.authUrl());
		return body;
	}

	/** The user has not answered yet. */
	static Map<String, Object> waiting(PendingAuth pending) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", AuthState.Status.NEED_SIGNIN.name());
		body.put("pollRateMs", pending.pollRateMs());
		return body;
	}

	/** The user is signed in. */
	static Map<String, Object> accepted(String username) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", AuthState.Status.ACCEPTED.name());
		body.put("username", username);
		return body;
	}

	/** No sign-in is pending. */
	static Map<String, Object> none() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", "NONE");
		body.put("message", "No sign-in is in progress");
		return body;
	}

	/** A sign-in that failed, with the status and reason of a {@link PryvAuthenticationException}. */
	static Map<String, Object> failed(AuthenticationException exception) {
		Map<String, Object> body = new LinkedHashMap<>();
		if (exception instanceof PryvAuthenticationException pryv) {
			body.put("status", pryv.status().name());
			body.put("reasonId", pryv.reasonId());
		}
		else {
			body.put("status", "ERROR");
		}
		body.put("message", exception.getMessage());
		return body;
	}

	/** @return the body as UTF-8 JSON */
	static byte[] json(Map<String, ? extends @Nullable Object> body) {
		return JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
	}

}
