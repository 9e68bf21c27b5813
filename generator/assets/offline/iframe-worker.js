/* Kursbau: web workers for sites opened from a folder or a USB stick.
 *
 * Opened as file://, Chromium refuses `new Worker(url)`, and the theme's search (which runs in a
 * worker) would stay silent. On file:// pages only, this classic script replaces `Worker` with a
 * stand-in that runs the worker script in a hidden iframe of the same origin and passes messages
 * both ways; `importScripts` in the iframe loads further scripts in order and returns a promise.
 * The theme's search worker expects exactly this arrangement: when its parent window has
 * `IFrameWorker`, it finds its language files next to its own <script src>.
 *
 * Served over http(s) the script does nothing: the browser's own Worker is used.
 * Written for Kursbau; no code of the CDN shim that Material's offline plugin links is used.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:" || typeof document === "undefined") return;

  function later(fn) {
    setTimeout(fn, 0);
  }

  // postMessage hands over a copy, as a real worker would (structured clone)
  function copy(data) {
    try {
      return typeof structuredClone === "function" ? structuredClone(data) : data;
    } catch (err) {
      return data;
    }
  }

  function IFrameWorker(url) {
    if (!(this instanceof IFrameWorker)) {
      throw new TypeError("Failed to construct 'Worker': use the 'new' operator.");
    }
    var self = this;
    var listeners = {};
    var inbox = []; // messages posted before the worker script has run
    var ready = false;
    var closed = false;
    var href = new URL(String(url), document.baseURI).href;

    var frame = document.createElement("iframe");
    frame.hidden = true;
    frame.tabIndex = -1;
    frame.title = "worker";
    frame.setAttribute("aria-hidden", "true");
    (document.body || document.documentElement).appendChild(frame);
    var scope = frame.contentWindow;
    var doc = scope.document;

    function emit(type, event) {
      if (closed) return;
      var handler = self["on" + type];
      if (typeof handler === "function") handler.call(self, event);
      (listeners[type] || []).slice().forEach(function (fn) {
        if (typeof fn === "function") fn.call(self, event);
        else if (fn && typeof fn.handleEvent === "function") fn.handleEvent(event);
      });
    }

    function load(src) {
      return new Promise(function (resolve, reject) {
        var script = doc.createElement("script");
        script.src = new URL(String(src), href).href;
        script.onload = function () {
          resolve();
        };
        script.onerror = function () {
          reject(new Error("could not load " + script.src));
        };
        (doc.head || doc.documentElement).appendChild(script);
      });
    }

    function deliver(data) {
      if (!closed) scope.dispatchEvent(new scope.MessageEvent("message", { data: data }));
    }

    // the worker's side of the globals it uses
    scope.postMessage = function (data) {
      var message = copy(data);
      later(function () {
        emit("message", new MessageEvent("message", { data: message }));
      });
    };
    scope.importScripts = function () {
      var urls = Array.prototype.slice.call(arguments);
      return urls.reduce(function (chain, src) {
        return chain.then(function () {
          return load(src);
        });
      }, Promise.resolve());
    };
    scope.close = function () {
      self.terminate();
    };
    scope.addEventListener("error", function (event) {
      emit(
        "error",
        new ErrorEvent("error", {
          message: event.message,
          filename: event.filename,
          lineno: event.lineno,
          colno: event.colno,
          error: event.error,
        })
      );
    });

    // the page's side: the Worker interface
    this.onmessage = null;
    this.onerror = null;
    this.onmessageerror = null;
    this.postMessage = function (data) {
      if (closed) return;
      var message = copy(data);
      if (ready) {
        later(function () {
          deliver(message);
        });
      } else {
        inbox.push(message);
      }
    };
    this.terminate = function () {
      closed = true;
      inbox = [];
      if (frame.parentNode) frame.parentNode.removeChild(frame);
    };
    this.addEventListener = function (type, fn) {
      var list = listeners[type] || (listeners[type] = []);
      if (fn && list.indexOf(fn) < 0) list.push(fn);
    };
    this.removeEventListener = function (type, fn) {
      var list = listeners[type] || [];
      var index = list.indexOf(fn);
      if (index >= 0) list.splice(index, 1);
    };
    this.dispatchEvent = function (event) {
      emit(event.type, event);
      return true;
    };

    load(href).then(
      function () {
        ready = true;
        inbox.splice(0).forEach(function (message) {
          later(function () {
            deliver(message);
          });
        });
      },
      function (err) {
        emit("error", new ErrorEvent("error", { message: err.message, error: err }));
      }
    );
  }

  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
