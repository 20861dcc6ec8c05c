<%@ include file="_top.jspf" %>
<form method="get" action="<c:url value='/admin/audit'/>" class="filters">
  <label>Actor <input name="actor" value="${fn:escapeXml(actor)}" maxlength="256"></label>
  <label>Action <select name="action">
    <option value="">any</option>
    <c:forEach items="${actions}" var="a"><option value="${fn:escapeXml(a)}" ${a == action ? 'selected' : ''}><c:out value="${a}"/></option></c:forEach>
  </select></label>
  <label>From <input type="date" name="from" value="${fn:escapeXml(from)}"></label>
  <label>To <input type="date" name="to" value="${fn:escapeXml(to)}"></label>
  <button type="submit" class="secondary">Filter</button>
  <a href="<c:url value='/admin/audit'/>">Clear</a>
  <a id="audit-csv" href="<c:url value='/api/audit'><c:param name='format' value='csv'/><c:param name='actor' value='${actor}'/><c:param name='action' value='${action}'/><c:param name='from' value='${from}'/><c:param name='to' value='${to}'/></c:url>">Export CSV</a>
</form>
<div class="table-wrap">
<table class="data" id="audit">
  <thead><tr><th>When</th><th>Who</th><th>From</th><th>Action</th><th>Target</th><th>Before</th><th>After</th></tr></thead>
  <tbody>
  <c:forEach items="${rows}" var="e">
    <tr>
      <td class="nowrap"><c:out value="${e.at()}"/></td>
      <td><c:out value="${e.actor()}"/></td>
      <td><c:out value="${e.address()}"/></td>
      <td><c:out value="${e.action()}"/></td>
      <td><c:out value="${e.target()}"/></td>
      <td class="data-preview"><c:out value="${e.before()}"/></td>
      <td class="data-preview"><c:out value="${e.after()}"/></td>
    </tr>
  </c:forEach>
  <c:if test="${empty rows}"><tr class="empty"><td colspan="7">No administrative act matches.</td></tr></c:if>
  </tbody>
</table>
</div>
<nav class="pager" aria-label="Pages">
  <c:if test="${not empty newer}"><a href="<c:url value='/admin/audit'><c:param name='actor' value='${actor}'/><c:param name='action' value='${action}'/><c:param name='from' value='${from}'/><c:param name='to' value='${to}'/><c:param name='page' value='${newer}'/></c:url>">Newer</a></c:if>
  <c:if test="${not empty older}"><a href="<c:url value='/admin/audit'><c:param name='actor' value='${actor}'/><c:param name='action' value='${action}'/><c:param name='from' value='${from}'/><c:param name='to' value='${to}'/><c:param name='page' value='${older}'/></c:url>" rel="next">Older</a></c:if>
</nav>
<%@ include file="_bottom.jspf" %>
