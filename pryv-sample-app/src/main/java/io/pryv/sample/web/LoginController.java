package io.pryv.sample.web;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.pryv.client.AuthState;
import io.pryv.client.PendingAuth;
import io.pryv.client.PryvApiException;
import io.pryv.client.PryvClientException;
import io.pryv.spring.web.PryvAuthRequestRepository;
import io.pryv.spring.web.PryvConnectionRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Server-side Pryv sign-in (the consent flow):
 * <ul>
 * <li>{@code POST /login} starts an auth request and sends the browser to the
 * platform's consent page, with {@code returnURL} = {@code <app>/login/return?};</li>
 * <li>{@code GET /login/return} is where the platform sends the browser back:
 * the parameters it appends are only checked against the request pending in the
 * session (a token in them is never read), the platform is polled, and the
 * browser goes on to a clean URL;</li>
 * <li>{@code POST /login/start} and {@code GET /login/status}: the same as
 * JSON, for a page that opens the consent page in a popup and polls (the lib-js
 * popup flow).</li>
 * </ul>
 */
@Controller
public class LoginController {

	private static final Log logger = LogFactory.getLog(LoginController.class);

	private final PryvPlatforms platforms;

	private final PryvAuthRequestRepository pendingAuths;

	private final PryvConnectionRepository connections;

	private final PryvSignIn signIn;

	/**
	 * @param platforms the platforms users may sign in with
	 * @param pendingAuths where the pending auth request is kept
	 * @param connections where the result is kept
	 * @param signIn signs the user in once accepted
	 */
	public LoginController(PryvPlatforms platforms, PryvAuthRequestRepository pendingAuths,
			PryvConnectionRepository connections, PryvSignIn signIn) {
		this.platforms = platforms;
		this.pendingAuths = pendingAuths;
		this.connections = connections;
		this.signIn = signIn;
	}

	/**
	 * Start a sign-in and send the browser to the consent page.
	 * @param serviceInfoUrl an allow-listed platform, or {@code null} for the configured one
	 * @param request the request
	 * @param response the response
	 * @param redirect flash messages
	 * @return a redirect to the consent page, or back home with a message
	 */
	@PostMapping("/login")
	public String start(@RequestParam(name = "pryvServiceInfoUrl", required = false) String serviceInfoUrl,
			HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
		try {
			PendingAuth pending = startAuth(serviceInfoUrl, request, response);
			return "redirect:" + pending.authUrl();
		}
		catch (PryvClientException | PryvApiException ex) {
			logger.warn("Could not start a Pryv sign-in: " + String.valueOf(ex.getMessage()).replaceAll("[\\r\\n]", "_"));
			redirect.addFlashAttribute("error", "Could not start the sign-in: " + ex.getMessage());
			return "redirect:/";
		}
	}

	/**
	 * Start a sign-in for a page that opens the consent page itself (popup) and
	 * then polls {@code /login/status}.
	 * @param serviceInfoUrl an allow-listed platform, or {@code null}
	 * @param request the request
	 * @param response the response
	 * @return {@code {status, authUrl, pollRateMs}}, or a 400/502 with a message
	 */
	@PostMapping(path = "/login/start", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	public ResponseEntity<Map<String, Object>> startForScript(
			@RequestParam(name = "pryvServiceInfoUrl", required = false) String serviceInfoUrl,
			HttpServletRequest request, HttpServletResponse response) {
		try {
			PendingAuth pending = startAuth(serviceInfoUrl, request, response);
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("status", AuthState.Status.NEED_SIGNIN.name());
			body.put("authUrl", pending.authUrl());
			body.put("pollRateMs", pending.pollRateMs());
			return ResponseEntity.ok(body);
		}
		catch (PryvClientException | PryvApiException ex) {
			return ResponseEntity.status(502).body(Map.of("status", "ERROR", "message", ex.getMessage()));
		}
	}

	private PendingAuth startAuth(String serviceInfoUrl, HttpServletRequest request, HttpServletResponse response) {
		PryvPlatforms.Platform platform = this.platforms.select(serviceInfoUrl);
		String returnUrl = ServletUriComponentsBuilder.fromContextPath(request).path("/login/return").toUriString() + "?";
		PendingAuth pending = platform.authFlow()
			.start(platform.authFlow().reactive().defaults().withReturnUrl(returnUrl));
		this.platforms.remember(platform, request);
		this.pendingAuths.save(pending, request, response);
		return pending;
	}

	/**
	 * The platform sends the browser back here. Whatever it appended, only the key
	 * and poll URL are looked at, and only to check that they match the request
	 * pending in this session; the state comes from polling the platform.
	 * @param parameters the query parameters
	 * @param request the request
	 * @param response the response ({@code Referrer-Policy: no-referrer})
	 * @param redirect flash messages
	 * @return a redirect to a clean URL
	 */
	@GetMapping("/login/return")
	public String returned(@RequestParam Map<String, String> parameters, HttpServletRequest request,
			HttpServletResponse response, RedirectAttributes redirect) {
		response.setHeader("Referrer-Policy", "no-referrer");
		PendingAuth pending = this.pendingAuths.load(request);
		if (pending == null) {
			redirect.addFlashAttribute("error", "No sign-in is in progress in this browser (it may have expired, "
					+ "or been started in another browser). Sign in again.");
			return "redirect:/";
		}
		PryvPlatforms.Platform platform = this.platforms.current(request);
		Map<String, String> returned = new HashMap<>(parameters);
		returned.keySet().retainAll(java.util.Set.of("pryvKey", "prYvkey", "pryvPoll", "prYvpoll"));
		if (!returned.isEmpty()) {
			String problem = checkReturned(platform, returned, pending);
			if (problem != null) {
				logger.warn("Rejected a Pryv sign-in return: " + problem.replaceAll("[\\r\\n]", "_"));
				redirect.addFlashAttribute("error", "The sign-in answer was rejected: " + problem
						+ ". Start the sign-in again from this page.");
				return "redirect:/";
			}
		}
		AuthState state;
		try {
			state = platform.authFlow().poll(pending);
		}
		catch (PryvClientException | PryvApiException ex) {
			redirect.addFlashAttribute("error", "Could not check the sign-in with the platform: " + ex.getMessage());
			return "redirect:/";
		}
		return switch (state.status()) {
			case ACCEPTED -> {
				this.pendingAuths.remove(request, response);
				this.signIn.signIn(state, request, response);
				yield "redirect:/";
			}
			case NEED_SIGNIN -> {
				this.pendingAuths.save(state.pending(), request, response);
				yield "redirect:/login/pending";
			}
			default -> {
				this.pendingAuths.remove(request, response);
				redirect.addFlashAttribute("error", endMessage(state));
				yield "redirect:/";
			}
		};
	}

	/** @return why the returned parameters don't match the pending request, or {@code null} when they do */
	private String checkReturned(PryvPlatforms.Platform platform, Map<String, String> returned, PendingAuth pending) {
		PendingAuth claimed;
		try {
			claimed = platform.authFlow().resume(returned);
		}
		catch (PryvClientException ex) {
			return ex.getMessage();
		}
		if (claimed.key() != null && !claimed.key().equals(pending.key())) {
			return "it is for another sign-in request than the one started in this browser";
		}
		if (!claimed.pollUrl().equals(pending.pollUrl())) {
			return "its poll URL is not the one of the sign-in started in this browser";
		}
		return null;
	}

	/**
	 * A page for a return that came before the user's answer was recorded: it
	 * reloads {@code /login/return} (no JavaScript needed).
	 * @param request the request
	 * @return the waiting page, or home when nothing is pending
	 */
	@GetMapping("/login/pending")
	public String pending(HttpServletRequest request) {
		return (this.pendingAuths.load(request) != null) ? "pending" : "redirect:/";
	}

	/**
	 * The state of this session's sign-in, polled once, for a page that waits
	 * with JavaScript. On ACCEPTED the session is signed in. No token is ever in
	 * the answer.
	 * @param request the request
	 * @param response the response
	 * @return {@code {status, username?, reasonId?, message?, pollRateMs?}}
	 */
	@GetMapping(path = "/login/status", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	public Map<String, Object> status(HttpServletRequest request, HttpServletResponse response) {
		Map<String, Object> body = new LinkedHashMap<>();
		PendingAuth pending = this.pendingAuths.load(request);
		if (pending == null) {
			var authorization = this.connections.load(request);
			if (authorization != null) {
				body.put("status", AuthState.Status.ACCEPTED.name());
				body.put("username", authorization.username());
			}
			else {
				body.put("status", "NONE");
				body.put("message", "No sign-in is in progress");
			}
			return body;
		}
		AuthState state;
		try {
			state = this.platforms.current(request).authFlow().poll(pending);
		}
		catch (PryvClientException | PryvApiException ex) {
			body.put("status", AuthState.Status.ERROR.name());
			body.put("message", "Could not check the sign-in with the platform: " + ex.getMessage());
			return body;
		}
		body.put("status", state.status().name());
		switch (state.status()) {
			case ACCEPTED -> {
				this.pendingAuths.remove(request, response);
				this.signIn.signIn(state, request, response);
				body.put("username", state.username());
			}
			case NEED_SIGNIN -> {
				this.pendingAuths.save(state.pending(), request, response);
				body.put("pollRateMs", state.pending().pollRateMs());
			}
			default -> {
				this.pendingAuths.remove(request, response);
				body.put("reasonId", state.reasonId());
				body.put("message", endMessage(state));
			}
		}
		return body;
	}

	private static String endMessage(AuthState state) {
		return switch (state.status()) {
			case REFUSED -> "You refused to give this app access to your Pryv data"
					+ ((state.message() != null) ? " (" + state.message() + ")" : "") + ".";
			case EXPIRED -> "The sign-in request expired before it was answered. Sign in again.";
			default -> "The platform reported an error for this sign-in"
					+ ((state.reasonId() != null) ? " (" + state.reasonId() + ")" : "")
					+ ((state.message() != null) ? ": " + state.message() : "") + ".";
		};
	}

}
