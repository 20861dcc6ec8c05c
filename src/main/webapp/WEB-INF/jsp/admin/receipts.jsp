<%@ include file="_top.jspf" %>
<p><a href="<c:url value='/admin/broadcast/announcement'/>">Announcements</a></p>
<h2>Announcement <c:out value="${announcement.id()}"/>: <c:out value="${announcement.title()}"/></h2>
<p class="muted"><c:out value="${announcement.severity()}"/> on <c:out value="${announcement.channel()}"/>.
  Audience: <c:out value="${audienceSize}"/> users known to Herald.</p>
<div class="table-wrap">
<table class="data" id="receipt-counts">
  <thead><tr><th>Step</th><th class="num">Users</th><th>First</th></tr></thead>
  <tbody>
  <c:forEach items="${steps}" var="s">
    <tr data-step="${s.name()}"><td><c:out value="${s.name()}"/></td><td class="num"><c:out value="${s.count()}"/></td><td><c:out value="${s.first()}"/></td></tr>
  </c:forEach>
  </tbody>
</table>
</div>
<p><a id="receipts-csv" href="<c:url value='/api/announcements/${announcement.id()}/receipts'><c:param name='format' value='csv'/></c:url>">Export CSV</a></p>
<h2>Users</h2>
<div class="table-wrap">
<table class="data" id="receipts">
  <thead><tr><th>User</th><th>Delivered</th><th>Displayed</th><th>Acknowledged</th></tr></thead>
  <tbody>
  <c:forEach items="${rows}" var="r">
    <tr><td><c:out value="${r.user()}"/></td><td><c:out value="${r.delivered()}"/></td><td><c:out value="${r.displayed()}"/></td><td><c:out value="${r.acknowledged()}"/></td></tr>
  </c:forEach>
  <c:if test="${empty rows}"><tr class="empty"><td colspan="4">Nobody has received it yet.</td></tr></c:if>
  </tbody>
</table>
</div>
<h2>Not yet reached</h2>
<p class="muted">Members of the audience who have connected to Herald before and have no receipt yet.</p>
<ul id="not-reached">
  <c:forEach items="${notReached}" var="u"><li><c:out value="${u}"/></li></c:forEach>
  <c:if test="${empty notReached}"><li class="empty">Nobody.</li></c:if>
</ul>
<%@ include file="_bottom.jspf" %>
