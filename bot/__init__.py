"""The edge: the Flask app, Twilio webhooks, outbound transports, media download, CLI, dev tools."""
