// A site's own script: marks external links
document.addEventListener("DOMContentLoaded", function () {
  document.documentElement.dataset.extra = "ok";
});
