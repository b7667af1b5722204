package io.pryv.sample.web;

import java.util.List;

import io.pryv.client.PryvApiException;
import io.pryv.client.PryvAssets;
import io.pryv.client.PryvClientException;
import io.pryv.client.PryvConnection;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.sample.SampleProperties;
import io.pryv.spring.security.PryvAuthenticationException;
import io.pryv.spring.security.PryvPlatforms;
import io.pryv.spring.security.PryvUser;
import io.pryv.spring.web.PryvAuthorization;
import io.pryv.spring.web.PryvConnectionRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import tools.jackson.databind.JsonNode;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The page: a sign-in button when signed out; once signed in, the username, the
 * stream tree, the latest events, forms to add an event and upload a file, the
 * NDJSON download link and sign-out. Its forms work without JavaScript.
 */
@Controller
public class PageController {

	private final PryvPlatforms platforms;

	private final PryvConnectionRepository connections;

	private final PryvConnectionFactory connectionFactory;

	private final PryvUserData userData;

	private final SampleProperties properties;

	/**
	 * @param platforms the platforms
	 * @param connections where the signed-in user's authorization is
	 * @param connectionFactory makes connections
	 * @param userData reads and writes the user's data
	 * @param properties the app settings
	 */
	public PageController(PryvPlatforms platforms, PryvConnectionRepository connections,
			PryvConnectionFactory connectionFactory, PryvUserData userData, SampleProperties properties) {
		this.platforms = platforms;
		this.connections = connections;
		this.connectionFactory = connectionFactory;
		this.userData = userData;
		this.properties = properties;
	}

	/**
	 * The page.
	 * @param serviceInfoUrl the {@code pryvServiceInfoUrl} parameter (allow-listed platforms only)
	 * @param signedOut set after sign-out: {@code signed-out}, {@code revoked} or {@code revoke-failed}
	 * @param error set after a failed sign-in (the failure is in the session)
	 * @param user the signed-in user, or {@code null}
	 * @param request the request
	 * @param model the model
	 * @param redirect flash messages
	 * @return the view, or a redirect to the clean URL after a failed sign-in
	 */
	@GetMapping("/")
	public String page(@RequestParam(name = "pryvServiceInfoUrl", required = false) String serviceInfoUrl,
			@RequestParam(name = "signedOut", required = false) String signedOut,
			@RequestParam(name = "error", required = false) String error, @AuthenticationPrincipal PryvUser user,
			HttpServletRequest request, Model model, RedirectAttributes redirect) {
		if (error != null) {
			// a failed sign-in: its message once, on the clean URL
			redirect.addFlashAttribute("error", signInFailure(request));
			return "redirect:/";
		}
		model.addAttribute("simulation", this.properties.simulation());
		if (signedOut != null) {
			model.addAttribute("info", switch (signedOut) {
				case "revoked" -> "You are signed out, and this app's access to your Pryv data is revoked.";
				case "revoke-failed" -> "You are signed out, but the platform did not confirm the revocation of this "
						+ "app's access: revoke it from your Pryv account if needed.";
				default -> "You are signed out.";
			});
		}
		PryvPlatforms.Platform platform;
		try {
			platform = this.platforms.select(serviceInfoUrl);
			if (serviceInfoUrl != null) {
				model.addAttribute("chosenServiceInfoUrl", platform.serviceInfoUrl());
			}
		}
		catch (PryvAuthenticationException ex) {
			model.addAttribute("error", ex.getMessage());
			platform = this.platforms.configured();
		}
		PryvAuthorization authorization = (user != null) ? this.connections.load(request) : null;
		if (authorization != null) {
			platform = signedInPlatform(user);
		}
		describePlatform(platform, model);
		if (authorization == null) {
			model.addAttribute("signedIn", false);
			return "index";
		}
		model.addAttribute("signedIn", true);
		model.addAttribute("latestEvents", this.properties.latestEvents());
		model.addAttribute("username", authorization.username());
		try {
			PryvConnection connection = this.connectionFactory.connect(authorization.apiEndpoint());
			List<StreamView> streams = this.userData.streams(connection);
			model.addAttribute("streams", streams);
			model.addAttribute("streamChoices", StreamView.flatten(streams));
			model.addAttribute("events", this.userData.latestEvents(connection, this.properties.latestEvents()));
		}
		catch (PryvApiException ex) {
			model.addAttribute("error", PryvUserData.describe(ex));
		}
		catch (PryvClientException ex) {
			model.addAttribute("error", "The Pryv platform could not be reached: " + ex.getMessage());
		}
		return "index";
	}

	/** The sign-in failure Spring Security left in the session, shown once. */
	private static String signInFailure(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		Object failure = (session != null) ? session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) : null;
		if (failure != null) {
			session.removeAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
		}
		return (failure instanceof AuthenticationException ex) ? ex.getMessage() : "The sign-in failed. Sign in again.";
	}

	private PryvPlatforms.Platform signedInPlatform(PryvUser user) {
		try {
			return this.platforms.select(user.serviceInfoUrl());
		}
		catch (PryvAuthenticationException ex) {
			// the platform left the allow-list since the user signed in
			return this.platforms.configured();
		}
	}

	private void describePlatform(PryvPlatforms.Platform platform, Model model) {
		try {
			model.addAttribute("platformName", platform.service().info().name());
		}
		catch (PryvClientException | PryvApiException ex) {
			model.addAttribute("platformName", platform.serviceInfoUrl());
			model.addAttribute("error", "The Pryv platform " + platform.serviceInfoUrl()
					+ " could not be reached, so signing in will not work now: " + ex.getMessage());
			return;
		}
		try {
			PryvAssets assets = platform.service().assets().orElse(null);
			if (assets == null) {
				return; // the platform publishes no assets: the page's own button style applies
			}
			JsonNode css = assets.get("lib-js:buttonSignIn:css");
			if (css != null && css.isString()) {
				model.addAttribute("signInButtonCss", assets.relativeUrl(css.asString()));
			}
			JsonNode label = assets.get("lib-js:buttonSignIn:messages:LOGIN:en");
			if (label != null && label.isString() && !label.asString().isBlank()) {
				model.addAttribute("signInLabel", label.asString());
			}
		}
		catch (PryvClientException | PryvApiException ex) {
			// No assets: the page's own button style applies.
		}
	}

	/**
	 * Add an event from the page's form.
	 * @param connection the signed-in user's connection
	 * @param streamId the stream
	 * @param note a note text
	 * @param value a numeric value
	 * @param type the value's type
	 * @param redirect flash messages
	 * @return back to the page
	 */
	@PostMapping("/events")
	public String addEvent(PryvConnection connection, @RequestParam(name = "streamId", required = false) String streamId,
			@RequestParam(name = "note", required = false) String note,
			@RequestParam(name = "value", required = false) String value,
			@RequestParam(name = "type", required = false) String type, RedirectAttributes redirect) {
		return backToPage(redirect, () -> {
			JsonNode event = this.userData.createEvent(connection, EventInput.fromForm(streamId, note, value, type));
			return "Event added (" + event.path("type").asString() + ").";
		});
	}

	/**
	 * Upload a file as a new event from the page's form.
	 * @param connection the signed-in user's connection
	 * @param streamId the stream
	 * @param file the file
	 * @param redirect flash messages
	 * @return back to the page
	 */
	@PostMapping("/files")
	public String upload(PryvConnection connection, @RequestParam(name = "streamId", required = false) String streamId,
			@RequestParam(name = "file", required = false) MultipartFile file, RedirectAttributes redirect) {
		return backToPage(redirect, () -> {
			JsonNode event = this.userData.upload(connection, streamId, file);
			return "File " + event.path("attachments").path(0).path("fileName").asString() + " uploaded.";
		});
	}

	/** Run a form's action, then redirect to the page with its outcome as a flash message. */
	private static String backToPage(RedirectAttributes redirect, java.util.function.Supplier<String> action) {
		try {
			redirect.addFlashAttribute("info", action.get());
		}
		catch (IllegalArgumentException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		catch (PryvApiException ex) {
			redirect.addFlashAttribute("error", PryvUserData.describe(ex));
		}
		catch (PryvClientException ex) {
			redirect.addFlashAttribute("error", "The Pryv platform could not be reached: " + ex.getMessage());
		}
		return "redirect:/";
	}

}
