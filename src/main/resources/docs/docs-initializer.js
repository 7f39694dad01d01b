// Swagger UI over the served OpenAPI document. A file of its own (no inline script), so that /docs works under a
// Content-Security-Policy of script-src 'self' (system.ApiDocsRoutes).
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/v3/api-docs',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: 'StandaloneLayout'
  });
});
