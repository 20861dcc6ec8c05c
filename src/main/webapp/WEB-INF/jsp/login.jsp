<%@ page contentType="text/html;charset=UTF-8" pageEncoding="UTF-8" %><%@ taglib prefix="c" uri="jakarta.tags.core" %><!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Sign in · Herald</title>
  <link rel="stylesheet" href="<c:url value='/assets/admin.css'/>">
</head>
<body class="login-page">
<main class="login">
  <h1>Herald</h1>
  <p class="muted">Administrators only.</p>
  <c:if test="${failed}"><p class="errors" role="alert" id="login-failed">Wrong user name or password.</p></c:if>
  <form method="post" action="<c:url value='/j_security_check'/>" class="form">
    <div class="field"><label for="j_username">User name</label>
      <input id="j_username" name="j_username" autocomplete="username" required autofocus></div>
    <div class="field"><label for="j_password">Password</label>
      <input id="j_password" name="j_password" type="password" autocomplete="current-password" required></div>
    <div class="actions"><button type="submit" class="primary">Sign in</button></div>
  </form>
</main>
</body>
</html>
