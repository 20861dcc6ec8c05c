<%@ include file="_top.jspf" %>
<nav class="tabs" aria-label="Broadcast mode">
  <a href="<c:url value='/admin/broadcast'/>">Message</a>
  <a href="<c:url value='/admin/broadcast/announcement'/>" class="current" aria-current="page">Announcement</a>
</nav>
<p class="muted">An announcement shows as a banner on every intranet page that embeds
  <code>herald-widget.js</code> for its channel, until it expires, is withdrawn, or the reader dismisses it.</p>
<form method="post" action="<c:url value='/admin/broadcast/announcement'/>" class="form" id="announcement-form">
  <input type="hidden" name="_csrf" value="${fn:escapeXml(csrf)}">
  <div class="field">
    <label for="channel">Channel</label>
    <input id="channel" name="channel" required maxlength="128" autocomplete="off"
           pattern="[A-Za-z0-9._:/\-]{1,128}" value="${fn:escapeXml(form.channel())}">
    <small>The widget's <code>data-channels</code>; <code>announcements</code> unless you chose another.</small>
  </div>
  <div class="field">
    <label for="severity">Severity</label>
    <select id="severity" name="severity">
      <option value="info" ${form.severity() == 'info' ? 'selected' : ''}>Info</option>
      <option value="warning" ${form.severity() == 'warning' ? 'selected' : ''}>Warning</option>
      <option value="critical" ${form.severity() == 'critical' ? 'selected' : ''}>Critical</option>
    </select>
  </div>
  <div class="field">
    <label for="title">Title</label>
    <input id="title" name="title" required maxlength="200" autocomplete="off" value="${fn:escapeXml(form.title())}">
  </div>
  <div class="field">
    <label for="text">Text <span class="muted">(optional)</span></label>
    <textarea id="text" name="text" rows="3" maxlength="2000"><c:out value="${form.text()}"/></textarea>
  </div>
  <div class="field">
    <label for="link">Link <span class="muted">(optional, http:// or https://)</span></label>
    <input id="link" name="link" type="url" maxlength="2000" autocomplete="off" value="${fn:escapeXml(form.link())}">
  </div>
  <div class="field">
    <label for="minutes">Expires after <span class="muted">(minutes; empty: until withdrawn)</span></label>
    <input id="minutes" name="minutes" type="number" min="1" max="525600" value="${fn:escapeXml(form.minutes())}">
  </div>
  <fieldset class="field" id="audience">
    <legend>Audience</legend>
    <label><input type="radio" name="audience" value="everyone"<c:if test="${form.audienceKind() != 'roles' && form.audienceKind() != 'users'}"> checked</c:if>> Everyone who may read the channel</label>
    <label><input type="radio" name="audience" value="roles"<c:if test="${form.audienceKind() == 'roles'}"> checked</c:if>> Users with one of these roles</label>
    <label><input type="radio" name="audience" value="users"<c:if test="${form.audienceKind() == 'users'}"> checked</c:if>> These users</label>
    <label for="audienceNames">Roles or user names <span class="muted">(separated by commas)</span></label>
    <input id="audienceNames" name="audienceNames" type="text" maxlength="10000" autocomplete="off" value="${fn:escapeXml(form.audienceNames())}">
  </fieldset>
  <div class="field">
    <label><input id="ack" name="ack" type="checkbox" value="on"<c:if test="${form.ack()}"> checked</c:if>> Require acknowledgement
      <span class="muted">(each user sees it until they press Acknowledge; receipts show who did)</span></label>
  </div>
  <div class="field">
    <span class="label">Preview</span>
    <div id="announcement-preview" class="announcement-preview" aria-label="Preview of the banner"></div>
  </div>
  <div class="actions">
    <button type="submit" class="primary" id="send-announcement">Announce</button>
  </div>
</form>

<h2>In force on <c:out value="${listChannel}"/></h2>
<div class="table-wrap">
<table class="data" id="in-force">
  <thead><tr><th class="num">Id</th><th>Severity</th><th>Title</th><th>Text</th><th>Expires</th><th>Sent</th><th>Acknowledged</th><th>Actions</th></tr></thead>
  <tbody>
  <c:forEach items="${inForce}" var="a">
    <tr data-id="${a.id()}">
      <td class="num"><a href="<c:url value='/admin/messages/${a.id()}'/>"><c:out value="${a.id()}"/></a></td>
      <td><c:out value="${a.severity()}"/></td>
      <td><c:out value="${a.title()}"/></td>
      <td><c:out value="${a.text()}"/></td>
      <td><c:out value="${a.expires()}"/></td>
      <td><c:out value="${a.created()}"/></td>
      <td><c:if test="${a.ack()}"><a href="<c:url value='/admin/announcements/${a.id()}/receipts'/>"><c:out value="${a.acknowledged()}"/></a></c:if></td>
      <td>
        <form method="post" action="<c:url value='/admin/broadcast/withdraw'/>" class="inline">
          <input type="hidden" name="_csrf" value="${fn:escapeXml(csrf)}">
          <input type="hidden" name="channel" value="${fn:escapeXml(a.channel())}">
          <input type="hidden" name="id" value="${a.id()}">
          <button type="submit" class="small danger">Withdraw</button>
        </form>
      </td>
    </tr>
  </c:forEach>
  <c:if test="${empty inForce}"><tr class="empty"><td colspan="8">No announcement is in force.</td></tr></c:if>
  </tbody>
</table>
</div>
<script src="<c:url value='/js/herald-widget.js'/>" data-preview defer></script>
<%@ include file="_bottom.jspf" %>
