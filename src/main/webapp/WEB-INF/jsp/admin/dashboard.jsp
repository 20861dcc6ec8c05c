<%@ include file="_top.jspf" %>
<section class="cards" aria-label="Now">
  <div class="card"><span class="label">Open connections</span><span class="value" id="stat-connections"><c:out value="${now.connections()}"/></span></div>
  <div class="card"><span class="label">Published / s</span><span class="value" id="stat-published"><c:out value="${now.publishedPerSecond()}"/></span></div>
  <div class="card"><span class="label">Frames delivered / s</span><span class="value" id="stat-frames"><c:out value="${now.framesPerSecond()}"/></span></div>
  <div class="card"><span class="label">Slow-consumer disconnects</span><span class="value" id="stat-slow"><c:out value="${now.slowConsumerDisconnects()}"/></span></div>
  <div class="card"><span class="label">Stored messages</span><span class="value" id="stat-stored"><c:out value="${now.storedMessages() lt 0 ? '–' : now.storedMessages()}"/></span></div>
  <div class="card"><span class="label">Database size</span><span class="value" id="stat-db" data-bytes="${now.databaseBytes()}"><c:out value="${now.databaseBytes() lt 0 ? '–' : now.databaseBytes()}"/></span></div>
</section>

<section class="panel">
  <h2>Last 15 minutes</h2>
  <div id="chart" class="chart" data-stats="<c:url value='/admin/stats'/>" data-stream="<c:url value='/admin/stream'/>">
    <p class="muted nojs">The chart needs JavaScript; the figures above are as of the page load.</p>
  </div>
  <p class="legend"><span class="key connections"></span> open connections <span class="key published"></span> published / s <span class="key frames"></span> frames / s (right axis)</p>
  <p class="muted" id="live-state" aria-live="polite"></p>
</section>

<div class="columns">
<section class="panel">
  <h2>Connections per channel</h2>
  <table class="data" id="channels">
    <thead><tr><th>Channel</th><th class="num">Connections</th></tr></thead>
    <tbody>
    <c:forEach items="${channels}" var="entry">
      <tr><td><a href="<c:url value='/admin/connections'><c:param name='channel' value='${entry.key}'/></c:url>"><c:out value="${entry.key}"/></a></td><td class="num"><c:out value="${entry.value}"/></td></tr>
    </c:forEach>
    <c:if test="${empty channels}"><tr class="empty"><td colspan="2">No open connections.</td></tr></c:if>
    </tbody>
  </table>
</section>
<section class="panel">
  <h2>Disconnects since start</h2>
  <table class="data">
    <thead><tr><th>Reason</th><th class="num">Count</th></tr></thead>
    <tbody>
    <c:forEach items="${closes}" var="entry">
      <tr><td><c:out value="${entry.key}"/></td><td class="num"><c:out value="${entry.value}"/></td></tr>
    </c:forEach>
    </tbody>
  </table>
  <p class="muted">Messages published since start: <c:out value="${published}"/></p>
</section>
</div>

<c:if test="${not empty outboxes}">
<section class="panel" id="outboxes">
  <h2>Application outboxes</h2>
  <table class="data">
    <thead><tr><th>Source</th><th>Drained by</th><th class="num">Rows waiting</th><th class="num">Oldest (s)</th><th class="num">Moved here</th><th>Last error</th></tr></thead>
    <tbody>
    <c:forEach items="${outboxes}" var="o">
      <tr>
        <td><c:out value="${o.name()}"/><br><span class="muted"><c:out value="${o.table()}"/> · <c:out value="${o.description()}"/></span></td>
        <td><c:out value="${o.drainingHere() ? 'this node' : (empty o.drainer() ? '–' : o.drainer())}"/></td>
        <td class="num"><c:out value="${o.waiting() lt 0 ? '–' : o.waiting()}"/></td>
        <td class="num"><c:out value="${o.oldestAgeSeconds(at)}"/></td>
        <td class="num"><c:out value="${o.moved()}"/></td>
        <td><c:choose><c:when test="${empty o.lastError()}">–</c:when><c:otherwise><c:out value="${o.lastError()}"/> <span class="muted">(<time datetime="${o.lastErrorAt()}"><c:out value="${o.lastErrorAt()}"/></time>)</span></c:otherwise></c:choose></td>
      </tr>
    </c:forEach>
    </tbody>
  </table>
</section>
</c:if>
<%@ include file="_bottom.jspf" %>
